# Copyright (c) hcl_mm contributors. All rights reserved.
import string
from typing import Optional, Sequence, Tuple

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from hcl_mm.registry import CORRUPTION_CONTENTS
from .base_content import BaseOverlay, Element, check_prob
from .graffiti import random_achromatic_colour, random_vivid_colour

#: words typical of captions, stamps and text watermarks.
DEFAULT_WORDS = ('SAMPLE', 'PREVIEW', 'COPYRIGHT', 'DRAFT', 'PROOF', 'PHOTO',
                 'STOCK', 'CONFIDENTIAL', 'hello', 'summer', 'holiday',
                 'best wishes', 'do not copy', 'www', 'studio', 'image',
                 'watermark', 'original', 'family', 'memories')


@CORRUPTION_CONTENTS.register_module()
class TextOverlay(BaseOverlay):
    """Rendered text: captions, date stamps and text watermarks.

    Each element is a line of text (a word from ``words``, a date stamp or
    random letters and digits) at a random size, colour and rotation,
    optionally outlined. Glyphs are anti-aliased; the footprint is where the
    glyph alpha is at least 0.5.

    Args:
        size_range (tuple): text height as a fraction of the short side.
            Defaults to (0.04, 0.15).
        words (sequence): vocabulary. Defaults to :data:`DEFAULT_WORDS`.
        font_files (sequence, optional): TrueType/OpenType files to draw
            from. None uses Pillow's built-in scalable font.
        max_rotation (float): maximum rotation in degrees. Defaults to 30.
        outline_prob (float): probability of a contrasting outline.
        achromatic_prob (float): probability that a line is black or white
            (most text watermarks) instead of a vivid colour. Defaults to
            0.3.
        **kwargs: see :class:`BaseOverlay`.
    """

    def __init__(self,
                 size_range: Tuple[float, float] = (0.04, 0.15),
                 words: Sequence[str] = DEFAULT_WORDS,
                 font_files: Optional[Sequence[str]] = None,
                 max_rotation: float = 30.0,
                 outline_prob: float = 0.3,
                 achromatic_prob: float = 0.3,
                 num_elements: Tuple[int, int] = (1, 3),
                 ratio_range: Optional[Tuple[float, float]] = None,
                 opacity_range: Tuple[float, float] = (0.6, 1.0),
                 max_elements: int = 64) -> None:
        super().__init__(num_elements, ratio_range, opacity_range,
                         max_elements)
        self.size_range = size_range
        self.words = tuple(words)
        self.font_files = None if font_files is None else tuple(font_files)
        self.max_rotation = max_rotation
        self.outline_prob = outline_prob
        self.achromatic_prob = check_prob(achromatic_prob, 'achromatic_prob')

    def _font(self, size: int, rng: np.random.Generator):
        if not self.font_files:
            return ImageFont.load_default(size=size)
        path = self.font_files[int(rng.integers(len(self.font_files)))]
        try:
            return ImageFont.truetype(path, size=size)
        except OSError as e:
            raise OSError(f'TextOverlay: cannot load font {path}: {e}') from e

    def _text(self, rng: np.random.Generator) -> str:
        kind = rng.integers(3)
        if kind == 0:
            return self.words[int(rng.integers(len(self.words)))]
        if kind == 1:
            return (f'{rng.integers(1990, 2030)}-{rng.integers(1, 13):02d}-'
                    f'{rng.integers(1, 29):02d}')
        chars = np.array(list(string.ascii_letters + string.digits))
        return ''.join(rng.choice(chars, size=int(rng.integers(3, 12))))

    def draw_element(self, shape: Tuple[int, int], rng: np.random.Generator,
                     scale: float) -> Element:
        h, w = shape
        size = max(6, int(rng.uniform(*self.size_range) * min(h, w) * scale))
        font = self._font(size, rng)
        text = self._text(rng)
        stroke = max(1, size // 12) if rng.random() < self.outline_prob else 0
        left, top, right, bottom = font.getbbox(text, stroke_width=stroke)
        layer = Image.new('LA', (right - left + 2, bottom - top + 2), (0, 0))
        draw = ImageDraw.Draw(layer)
        draw.text((1 - left, 1 - top),
                  text,
                  font=font,
                  fill=(255, 255),
                  stroke_width=stroke,
                  stroke_fill=(0, 255))
        layer = layer.rotate(
            rng.uniform(-self.max_rotation, self.max_rotation),
            resample=Image.BICUBIC,
            expand=True)
        lum = np.asarray(layer, np.float32)
        alpha = lum[..., 1] / 255
        # (one uniform draw, then the colour's own: the draws of the
        # earlier fixed 0.7 / 0.3 split, so seeded samples are unchanged)
        if rng.random() < 1 - self.achromatic_prob:
            fill = random_vivid_colour(rng)
        else:
            fill = random_achromatic_colour(rng)
        edge = 255 - fill
        t = (lum[..., :1] / 255)
        colour = (t * fill + (1 - t) * edge).astype(np.float32)
        ph, pw = alpha.shape
        top = int(rng.integers(-ph // 4, max(1, h - 3 * ph // 4)))
        left = int(rng.integers(-pw // 4, max(1, w - 3 * pw // 4)))
        return Element(top, left, colour, alpha)
