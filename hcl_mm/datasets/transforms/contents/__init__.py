# Copyright (c) hcl_mm contributors. All rights reserved.
from .base_content import BaseContent, BaseOverlay, Element
from .constant_color import ConstantColor
from .graffiti import GraffitiOverlay
from .image_content import ImageContent
from .logo_overlay import LogoOverlay
from .random_noise import RandomNoise
from .text_overlay import TextOverlay

__all__ = [
    'BaseContent', 'BaseOverlay', 'Element', 'ConstantColor',
    'GraffitiOverlay', 'ImageContent', 'LogoOverlay', 'RandomNoise',
    'TextOverlay'
]
