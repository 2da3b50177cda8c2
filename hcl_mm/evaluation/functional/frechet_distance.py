# Copyright (c) hcl_mm contributors. All rights reserved.
import numpy as np
from scipy import linalg


def frechet_distance(feats1: np.ndarray, feats2: np.ndarray) -> float:
    """Fréchet distance between Gaussians fitted to two feature sets (FID).

    ``|mu1 - mu2|^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))`` with unbiased
    covariances, as torch-fidelity / torchmetrics compute it.

    Args:
        feats1 (numpy.ndarray): ``(N1, D)`` features.
        feats2 (numpy.ndarray): ``(N2, D)`` features.
    """
    f1 = np.asarray(feats1, np.float64)
    f2 = np.asarray(feats2, np.float64)
    if f1.ndim != 2 or f2.ndim != 2 or len(f1) < 2 or len(f2) < 2:
        raise ValueError('need two (N >= 2, D) feature arrays, got '
                         f'{f1.shape} and {f2.shape}')
    mu1, mu2 = f1.mean(0), f2.mean(0)
    s1 = np.atleast_2d(np.cov(f1, rowvar=False))
    s2 = np.atleast_2d(np.cov(f2, rowvar=False))
    covmean = linalg.sqrtm(s1 @ s2)
    if not np.isfinite(covmean).all():
        eps = np.eye(len(s1)) * 1e-6
        covmean = linalg.sqrtm((s1 + eps) @ (s2 + eps))
    covmean = np.real(covmean)
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) -
                 2 * np.trace(covmean))
