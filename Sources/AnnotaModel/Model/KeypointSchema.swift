// SPDX-License-Identifier: Apache-2.0

/// What a keypoint set's points are (standard 0.2): named body parts, the skeleton joining them and,
/// for several animals in one image, the individuals — as DeepLabCut's `config.yaml` and COCO's
/// keypoint categories declare them.
public struct KeypointSchema: Sendable, Hashable, Codable {
  /// The body parts every individual has, in order (DeepLabCut `bodyparts` or `multianimalbodyparts`,
  /// COCO `keypoints`).
  public var bodyparts: [String]
  /// Body parts that occur once per image, not per individual (DeepLabCut `uniquebodyparts`).
  public var uniqueBodyparts: [String]
  /// Edges between body parts, each two names (DeepLabCut `skeleton`, COCO `skeleton`).
  public var skeleton: [[String]]
  /// The individuals' names, for images with several animals (DeepLabCut `individuals`); empty for one.
  public var individuals: [String]

  /// Creates a schema.
  /// - Parameter bodyparts: the body parts, in order.
  public init(bodyparts: [String]) {
    self.bodyparts = bodyparts
    uniqueBodyparts = []
    skeleton = []
    individuals = []
  }

  enum CodingKeys: String, CodingKey {
    case bodyparts
    case uniqueBodyparts = "unique_bodyparts"
    case skeleton, individuals
  }
}
