// SPDX-License-Identifier: Apache-2.0
public import AnnotaModel

/// One small, valid file per annotation-tool format, as the tool writes it: shared by the format
/// registry's tests and the coverage contract, so a format added to the registry needs one here.
public enum ToolFileSamples {
  /// Every sample, by format: a file name the tool would use and the file's text.
  public static let all: [FormatID: (name: String, text: String)] = [
    .cvat: (
      "annotations.xml",
      #"<?xml version="1.0" encoding="utf-8"?><annotations><version>1.1</version><image id="0" name="x.png" width="64" height="48"><box label="cell" occluded="0" xtl="2" ytl="3" xbr="12" ybr="11"></box><points label="cell" occluded="0" points="20,20"></points></image></annotations>"#
    ),
    .pascalVOC: (
      "x.xml",
      "<annotation><filename>x.png</filename><size><width>64</width><height>48</height><depth>1</depth></size><object><name>cell</name><bndbox><xmin>2</xmin><ymin>3</ymin><xmax>12</xmax><ymax>11</ymax></bndbox></object></annotation>"
    ),
    .coco: (
      "instances.json",
      #"{"images": [{"id": 1, "file_name": "x.png", "width": 64, "height": 48}], "categories": [{"id": 1, "name": "cell"}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [2, 3, 10, 8], "area": 80, "iscrowd": 0, "segmentation": [[2, 3, 12, 3, 12, 11, 2, 11]]}]}"#
    ),
    .labelMe: (
      "x.json",
      #"{"version": "5.2.1", "flags": {}, "shapes": [{"label": "cell", "points": [[2, 3], [12, 11]], "group_id": null, "shape_type": "rectangle", "flags": {}}], "imagePath": "x.png", "imageData": null, "imageHeight": 48, "imageWidth": 64}"#
    ),
    .cellCounter: (
      "CellCounter_x.xml",
      #"<?xml version="1.0" encoding="UTF-8"?><CellCounter_Marker_File><Image_Properties><Image_Filename>x.tif</Image_Filename></Image_Properties><Marker_Data><Current_Type>1</Current_Type><Marker_Type><Type>1</Type><Name>cell</Name><Marker><MarkerX>5</MarkerX><MarkerY>6</MarkerY><MarkerZ>1</MarkerZ></Marker></Marker_Type></Marker_Data></CellCounter_Marker_File>"#
    ),
    .trackMate: (
      "x_tracks.xml",
      #"<?xml version="1.0" encoding="UTF-8"?><TrackMate version="7.0.0"><Model spatialunits="pixel" timeunits="frame"><AllSpots nspots="2"><SpotsInFrame frame="0"><Spot ID="1" name="a" POSITION_X="5" POSITION_Y="5" POSITION_Z="0" FRAME="0" QUALITY="1" RADIUS="2" VISIBILITY="1"/></SpotsInFrame><SpotsInFrame frame="1"><Spot ID="2" name="b" POSITION_X="6" POSITION_Y="5" POSITION_Z="0" FRAME="1" QUALITY="1" RADIUS="2" VISIBILITY="1"/></SpotsInFrame></AllSpots><AllTracks><Track name="T0" TRACK_ID="0"><Edge SPOT_SOURCE_ID="1" SPOT_TARGET_ID="2"/></Track></AllTracks><FilteredTracks><TrackID TRACK_ID="0"/></FilteredTracks></Model><Settings><ImageData filename="x.tif" folder="" width="64" height="48" nslices="1" nframes="2"/></Settings></TrackMate>"#
    ),
    .deepLabCut: (
      "CollectedData_Jane.csv",
      "scorer,Jane,Jane,Jane,Jane\nbodyparts,snout,snout,tail,tail\ncoords,x,y,x,y\nlabeled-data/v1/img000.png,10.5,20.25,,\n"
    ),
  ]

  /// The sample text of a format.
  /// - Parameter format: a format with a sample.
  /// - Returns: the file's text (empty when there is none).
  public static func text(_ format: FormatID) -> String { all[format]?.text ?? "" }

  /// Samples that are binary or more than one file, by format: the files as they lie in their
  /// folder, the one given to Annota first.
  public static let folders: [FormatID: [(path: String, bytes: [UInt8])]] = [
    .yolo: [
      ("data.yaml", Array("train: images/train\nval: images/train\nnames: [cell]\n".utf8)),
      ("images/train/x.png", hex(grey8x6)),
      ("labels/train/x.txt", Array("0 0.5 0.5 0.25 0.5\n".utf8)),
    ],
    .nnunet: [
      (
        "dataset.json",
        Array(
          #"{"channel_names": {"0": "DAPI"}, "labels": {"background": 0, "cell": 1}, "numTraining": 1, "file_ending": ".png"}"#
            .utf8)
      ),
      ("imagesTr/c1_0000.png", hex(grey8x6)),
      ("labelsTr/c1.png", hex(labels8x6)),
    ],
    // `np.save` of a Cellpose-style dictionary (NumPy 2.4, protocol 4): masks 6 × 8 uint16, two cells.
    .cellpose: [("x_seg.npy", hex(cellposeSeg))],
  ]

  /// Writes a format's sample into `folder` (every file of a folder sample).
  /// - Parameters:
  ///   - format: a format with a sample.
  ///   - folder: an existing folder.
  /// - Returns: the path to give Annota, or `nil` when the format has no sample.
  /// - Throws: file-system errors.
  public static func write(_ format: FormatID, into folder: String) throws -> String? {
    if let sample = all[format] {
      let path = folder + "/" + sample.name
      try FileManagerShimData.write(Array(sample.text.utf8), to: path)
      return path
    }
    guard let files = folders[format] else { return nil }
    for file in files {
      let path = folder + "/" + file.path
      try FileManagerShimData.createFolder(parentOf: path)
      try FileManagerShimData.write(file.bytes, to: path)
    }
    return folder + "/" + files[0].path
  }

  private static let grey8x6 =
    "89504e470d0a1a0a0000000d4948445200000008000000060800000000db6e80270000000e49444154789c6388820206521800c7e510e1c2fd7ab80000000049454e44ae426082"
  private static let labels8x6 =
    "89504e470d0a1a0a0000000d4948445200000008000000060800000000db6e80270000001149444154789c636040004620c0c140030001b0000d325c18060000000049454e44ae426082"
  private static let cellposeSeg =
    "934e554d5059010076007b276465736372273a20277c4f272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a800495a1010000000000008c166e756d70792e5f636f72652e6d756c74696172726179948c0c5f7265636f6e7374727563749493948c056e756d7079948c076e6461727261799493944b0085944301629487945294284b012968038c0564747970659493948c024f3894898887945294284b038c017c944e4e4e4affffffff4affffffff4b3f749462895d947d94288c056d61736b7394680268054b008594680787945294284b014b064b088694680b8c02753294898887945294284b038c013c944e4e4e4affffffff4affffffff4b00749462894360000000000000000000000000000000000000000001000100010001000000000000000000010001000100010000000000000000000100010001000100000000000200020002000000000000000000000002000200020000000000000000000000947494628c086f75746c696e65739468168c0866696c656e616d65948c05782e746966948c086469616d657465729468008c067363616c6172949394680b8c02663894898887945294284b03681b4e4e4e4affffffff4affffffff4b0074946243080000000000002840948694529475617494622e"

  private static func hex(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
      let next = text.index(index, offsetBy: 2)
      bytes.append(UInt8(text[index..<next], radix: 16)!)
      index = next
    }
    return bytes
  }
}
