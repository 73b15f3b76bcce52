"""What the pipeline does with the pictures and set-ups it meets outside the happy path: other image
formats, huge or very large pictures, an engine this install lacks, and the encrypted store."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from homeassistant.core import HomeAssistant
from PIL import Image

from custom_components.gem_access.face.backends import BackendUnavailable
from custom_components.gem_access.face.enrolment import EmbeddingStore
from custom_components.gem_access.face.pipeline import (
    MAX_IMAGE_PIXELS,
    WORK_MAX_SIDE,
    FaceModels,
    ModelsMissing,
    decode_image,
)

from .conftest import FACES_DIR, MODELS_DIR, photo, requires_faces, requires_models

pytestmark = [requires_models, requires_faces]


def encoded(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_other_image_formats_are_unreadable_not_errors(models: FaceModels, fmt: str) -> None:
    with Image.open(FACES_DIR / "obama_1.jpg") as image:
        data = encoded(image, fmt)
    result = models.enrol(data)
    assert (result.embedding, result.error) == (None, "unreadable_image")
    assert models.score(data, np.ones(models.dim, np.float32)).detail == "unreadable_image"


def test_a_picture_of_too_many_pixels_is_refused_before_decoding(models: FaceModels) -> None:
    # a few kB of PNG that would need hundreds of MB once decoded
    side = int(MAX_IMAGE_PIXELS**0.5) + 10
    bomb = encoded(Image.new("1", (side, side)), "PNG")
    assert len(bomb) < 1_000_000
    assert decode_image(bomb) is None
    assert models.enrol(bomb).error == "unreadable_image"


def test_a_large_png_photo_is_shrunk_and_enrolled_like_the_jpeg(models: FaceModels) -> None:
    with Image.open(FACES_DIR / "obama_1.jpg") as image:
        big = image.resize((image.width * 3, image.height * 3))
    assert max(big.size) > WORK_MAX_SIDE
    data = encoded(big, "PNG")
    pixels = decode_image(data)
    assert pixels is not None and max(pixels.shape[:2]) == WORK_MAX_SIDE
    from_png = models.enrol(data).embedding
    from_jpeg = models.enrol(photo("obama_1")).embedding
    assert from_png is not None and from_jpeg is not None
    assert float(from_png @ from_jpeg) > 0.9


def test_forcing_an_engine_this_install_lacks_says_which_and_why() -> None:
    with pytest.raises(BackendUnavailable, match=r"opencv: No module named 'cv2'"):
        FaceModels.load(MODELS_DIR, backend="opencv")
    with pytest.raises(BackendUnavailable, match="unknown backend 'tflite'"):
        FaceModels.load(MODELS_DIR, backend="tflite")


def test_an_empty_models_folder_names_every_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelsMissing) as missing:
        FaceModels.load(tmp_path)
    assert missing.value.problems == [
        "face_detection_yunet_2023mar.onnx: missing",
        "mobilefacenet_paddlex_ms1mv3_128d.onnx: missing",
    ]


async def test_the_embedding_store_before_and_after_loading(hass: HomeAssistant) -> None:
    store = EmbeddingStore(hass)
    store._records = {"alice": {"sealed": "x"}}  # as if read from disk, before the key is
    with pytest.raises(RuntimeError, match="used before async_load"):
        store.get("alice")
    store = EmbeddingStore(hass)
    await store.async_load()
    assert store.get("nobody") is None and not store.has("nobody")
    assert await store.async_delete("nobody") is False
