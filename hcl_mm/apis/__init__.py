# Copyright (c) hcl_mm contributors. All rights reserved.
from .blind_restorer import BlindRestorer, read_rgb
from .classical_inpaint import INPAINTERS, cv2_inpaint
from .mask_ops import (blend_alpha, composite, corrupted_from_conf, dilate,
                       load_user_mask, remove_small)
from .model_zoo import (MODEL_ZOO, default_dilate, default_hybrid_weight,
                        default_inpainter, resolve_model)
from .result_writer import result_grid, result_images, write_result

__all__ = [
    'BlindRestorer', 'read_rgb', 'INPAINTERS', 'cv2_inpaint', 'MODEL_ZOO',
    'default_dilate', 'default_hybrid_weight', 'default_inpainter',
    'resolve_model', 'blend_alpha', 'composite', 'corrupted_from_conf',
    'dilate', 'load_user_mask', 'remove_small', 'result_grid', 'result_images',
    'write_result'
]
