# SPDX-License-Identifier: Apache-2.0
"""The manifest the bench's generated datasets share: a study, its images listed, and one instance
mask set paired to them by a `file_name_pattern` rule (the generators write images and masks side by
side, and listing 50 000 masks would only make the manifest larger)."""


def write(path, *, version, title, description, images, set_id, set_name, masks, splits=False):
    """Writes the manifest to `path`.

    images: (id, path, split or None) for each image, in order; masks: the mask path pattern for
    `images/{name}.tif` (for example `masks/{name}_mask.tif`); splits: declare train, validation and
    test at the end."""
    with open(path, "w") as f:
        f.write(f'''annota: "{version}"
study:
  title: {title}
  description: {description}
  authors:
    - name: Ada Example
  licence: CC0-1.0
images:
''')
        f.writelines(f"  - id: {image_id}\n    path: {image_path}\n" + (f"    split: {split}\n" if split else "")
                     for image_id, image_path, split in images)
        f.write(f'''annotation_sets:
  - id: {set_id}
    name: {set_name}
    overview: One uint16 instance mask per image.
    types: [segmentation_mask]
    encoding: label_image
    kind: instance
    pairing:
      indicator: file_name_pattern
      annotations: {masks}
      images: images/{{name}}.tif
''')
        if splits:
            f.write("splits:\n  - name: train\n  - name: validation\n  - name: test\n")
