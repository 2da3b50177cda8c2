# Copyright (c) hcl_mm contributors. All rights reserved.
"""Web demo: drop a photo, see the detected corruption, adjust it, restore.

    python demo/app.py [--port 7860] [--model hcl_tiny_demo]

then open http://127.0.0.1:7860. The page (``demo/index.html``) uploads a
photo of any size; the server detects the corrupted pixels with the shipped
model (CPU, nothing downloaded), applies the threshold, the dilation, the
feathering and the user's painted additions / erasures, fills the mask with
the chosen inpainter and returns the restored image and the mask (white =
corrupted) for download. A file that is not an image gets an error message.

Built on FastAPI + uvicorn; one ``BlindRestorer`` per inpainter, sharing
the detection of a photo through a small cache.
"""
import argparse
import base64
import hashlib
import io
import os.path as osp
import sys
from collections import OrderedDict
from typing import Dict, Optional, Tuple

import cv2
import numpy as np

REPO = osp.dirname(osp.dirname(osp.abspath(__file__)))
sys.path.insert(0, REPO)
from hcl_mm.apis import BlindRestorer  # noqa: E402
from hcl_mm.apis.blind_restorer import INPAINTERS, read_rgb  # noqa: E402

PAGE = osp.join(osp.dirname(osp.abspath(__file__)), 'index.html')
MAX_UPLOAD = 40 * 2**20  # bytes


def png_data_url(img: np.ndarray) -> str:
    """An RGB or single-channel ``uint8`` array as a PNG data URL."""
    bgr = img[..., ::-1] if img.ndim == 3 else img
    ok, buf = cv2.imencode('.png', np.ascontiguousarray(bgr))
    return 'data:image/png;base64,' + base64.b64encode(buf).decode()


def decode_edits(data: bytes,
                 shape: Tuple[int, int]) -> Tuple[np.ndarray, np.ndarray]:
    """The user's painting (a PNG: red = add to the mask, green = erase),
    resized to the photo: bool ``add`` and ``erase`` maps."""
    img = read_rgb(io.BytesIO(data))
    img = cv2.resize(img, shape[::-1], interpolation=cv2.INTER_NEAREST)
    return img[..., 0] > 127, img[..., 1] > 127


class DemoModel:
    """Detection cache + one restorer per inpainter."""

    def __init__(self,
                 model: str = 'hcl_tiny_demo',
                 cache_size: int = 8) -> None:
        self.model = model
        self.restorers: Dict[str, BlindRestorer] = {}
        self.default = self.restorer(None).inpainter
        self.cache: 'OrderedDict[str, np.ndarray]' = OrderedDict()
        self.cache_size = cache_size

    def restorer(self, inpainter: Optional[str]) -> BlindRestorer:
        key = inpainter or 'default'
        if key not in self.restorers:
            self.restorers[key] = BlindRestorer(
                self.model, inpainter=inpainter)
        return self.restorers[key]

    def p_clean(self, img: np.ndarray) -> np.ndarray:
        """Soft P(clean) of a photo (cached by content)."""
        key = hashlib.sha1(img.tobytes()).hexdigest() + str(img.shape)
        if key not in self.cache:
            pred, = self.restorer(None).restore([img])
            self.cache[key] = pred['p_clean']
            while len(self.cache) > self.cache_size:
                self.cache.popitem(last=False)
        self.cache.move_to_end(key)
        return self.cache[key]

    def run(self,
            img: np.ndarray,
            threshold: float = 0.5,
            dilate: int = 0,
            feather: float = 0.,
            inpainter: Optional[str] = None,
            edits: Optional[bytes] = None) -> Dict[str, object]:
        """Detect (cached), edit the mask, restore."""
        corrupted = self.p_clean(img) < threshold
        if edits:
            add, erase = decode_edits(edits, img.shape[:2])
            corrupted = (corrupted | add) & ~erase
        pred, = self.restorer(inpainter).restore([img],
                                                 mask=corrupted,
                                                 dilate=dilate,
                                                 feather=feather)
        mask = pred['corrupted'].astype(np.uint8) * 255
        return dict(
            restored=png_data_url(pred['restored']),
            mask=png_data_url(mask),
            corrupted_fraction=float(pred['corrupted'].mean()),
            inpainter=inpainter or self.default,
            size=[int(img.shape[1]), int(img.shape[0])])


def create_app(model: str = 'hcl_tiny_demo'):
    """The FastAPI application (``GET /`` the page, ``POST /api/restore``)."""
    from fastapi import FastAPI, File, Form, HTTPException, UploadFile
    from fastapi.responses import HTMLResponse

    app = FastAPI(title='hcl_mm blind restoration demo')
    demo = DemoModel(model)
    dilate_default = demo.restorer(None).dilate  # the model's measured growth

    @app.get('/', response_class=HTMLResponse)
    def page() -> str:
        with open(PAGE, encoding='utf-8') as f:
            return f.read().replace('{{INPAINTERS}}',
                                    ','.join(INPAINTERS)).replace(
                                        '{{DILATE}}', str(dilate_default))

    @app.post('/api/restore')
    async def restore(image: UploadFile = File(...),
                      threshold: float = Form(0.5),
                      dilate: Optional[int] = Form(None),
                      feather: float = Form(0.),
                      inpainter: str = Form(''),
                      edits: Optional[UploadFile] = File(None)) -> dict:
        data = await image.read()
        if len(data) > MAX_UPLOAD:
            raise HTTPException(
                413, f'{image.filename}: larger than '
                f'{MAX_UPLOAD // 2**20} MiB')
        try:
            img = read_rgb(io.BytesIO(data))
        except OSError as e:
            raise HTTPException(
                400, f'{image.filename} is not an image we can read '
                f"({str(e).split(': ', 1)[-1]})")
        if inpainter and inpainter not in INPAINTERS:
            raise HTTPException(400, f'unknown inpainter {inpainter!r}')
        if dilate is None:
            dilate = dilate_default
        if not 0. <= threshold <= 1. or dilate < 0 or feather < 0:
            raise HTTPException(
                400, 'threshold must be in [0, 1]; dilate '
                'and feather >= 0')
        edit_bytes = await edits.read() if edits is not None else None
        try:
            return demo.run(img, threshold, dilate, feather, inpainter or None,
                            edit_bytes or None)
        except OSError as e:
            raise HTTPException(400, f'painted mask: {e}')

    return app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--port', type=int, default=7860)
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--model', default='hcl_tiny_demo')
    args = parser.parse_args(argv)
    import uvicorn
    print(f'hcl_mm demo on http://{args.host}:{args.port}')
    uvicorn.run(create_app(args.model), host=args.host, port=args.port)


if __name__ == '__main__':
    main()
