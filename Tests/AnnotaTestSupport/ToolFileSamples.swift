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
  ]

  /// The sample text of a format.
  /// - Parameter format: a format with a sample.
  /// - Returns: the file's text (empty when there is none).
  public static func text(_ format: FormatID) -> String { all[format]?.text ?? "" }
}
