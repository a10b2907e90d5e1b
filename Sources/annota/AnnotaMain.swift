// SPDX-License-Identifier: Apache-2.0
import AnnotaCLI
import ArgumentParser

// `@main` on an extension picks ArgumentParser's async entry point (a plain `main.swift` would not).
@main extension AnnotaCommand {}
