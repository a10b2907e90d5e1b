// SPDX-License-Identifier: Apache-2.0
import AnnotaHDF5
import AnnotaTestSupport
import Foundation
import Testing

/// Library-level checks share the serialized suite: they count HDF5's open objects process-wide.
extension HDF5ReaderTests {
  @Test func libraryIsLinked() {
    #expect(HDF5Library.version.hasPrefix("1."))
    // Debian's build serialises its API; Annota still routes calls through one queue.
    _ = HDF5Library.isThreadSafe
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func cremiExampleListsItsGroupsAndClosesEverything() throws {
    let links = try TemporaryFolder()
    defer { links.remove() }
    let path = try HDF5ReaderTests.link("hdf5/cremi/example.h5", into: links)
    do {
      let file = try HDF5File(path: path)
      #expect(try file.rootMemberNames().contains("volumes"))
      #expect(HDF5Library.openObjectCount(inFilesUnder: links.path) >= 1)
    }
    #expect(HDF5Library.openObjectCount(inFilesUnder: links.path) == 0)
  }

  @Test func nonHDF5FileIsRefused() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("not hdf5", to: "x.h5")
    let error = try #require(throws: HDF5Error.self) { try HDF5File(path: path) }
    #expect(error.code == .openFailed)
    #expect(HDF5Library.openObjectCount(inFilesUnder: folder.path) == 0)
  }

  @Test(.enabled(if: Paths.corpus != nil))
  func truncatedHDF5IsRefused() throws {
    let source = try #require(Paths.corpus("hdf5/cremi/example.h5"))
    let bytes = try #require(FileManagerShimData.read(source))
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.file("truncated.h5")
    try FileManagerShimData.write(Array(bytes.prefix(2048)), to: path)
    // HDF5's error printing is per thread: a fresh thread proves every entry point silences it.
    let failure = ErrorBox()
    let printed = try capturingStandardError {
      onFreshThread {
        do { _ = try HDF5File(path: path).rootMemberNames() } catch { failure.error = error as? HDF5Error }
      }
    }
    let error = try #require(failure.error)
    #expect(!error.stack.isEmpty, "HDF5's error stack is the cause")
    #expect(printed.isEmpty, "HDF5 printed: \(printed)")
    #expect(HDF5Library.openObjectCount(inFilesUnder: folder.path) == 0)
  }
}

/// Runs `body` on a new thread and waits for it.
private func onFreshThread(_ body: @escaping @Sendable () -> Void) {
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    body()
    done.signal()
  }
  thread.start()
  done.wait()
}

/// Carries an error out of another thread; written once before the semaphore signals.
private final class ErrorBox: @unchecked Sendable {  // written before `signal`, read after `wait`
  var error: HDF5Error?
}
