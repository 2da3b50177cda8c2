# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional

import torch
import torch.nn.functional as F


@torch.no_grad()
def principal_split(x: torch.Tensor,
                    fit: torch.Tensor,
                    num_iters: int = 8) -> torch.Tensor:
    """Deterministic 2-means initialisation: split along the principal axis.

    The fitted samples are centred, their first principal direction found
    by power iteration (started from the centred sample farthest from the
    mean, so no random draw), and the two centres are the normalised means
    of the samples on either side of the mean along it. The same input
    gives the same centres, bit for bit, on a given device.

    Args:
        x (torch.Tensor): ``(B, N, D)`` unit-norm features.
        fit (torch.Tensor): bool ``(B, N)``, the samples to use.
        num_iters (int): power iterations.

    Returns:
        torch.Tensor: ``(B, 2, D)`` centres (an image whose samples do not
        spread gets its mean twice).
    """
    fitf = fit.float()[..., None]
    count = fitf.sum(1).clamp_min(1)
    mean = (x * fitf).sum(1) / count  # B,D
    xc = (x - mean[:, None]) * fitf
    batch = torch.arange(x.shape[0], device=x.device)
    v = xc[batch, xc.norm(dim=-1).argmax(1)]  # B,D
    for _ in range(num_iters):
        proj = torch.einsum('bnd,bd->bn', xc, v)
        v = F.normalize(torch.einsum('bnd,bn->bd', xc, proj), dim=-1)
    side = torch.einsum('bnd,bd->bn', xc, v) >= 0  # B,N
    pos = (x * (fitf * side[..., None])).sum(1)
    neg = (x * (fitf * (~side)[..., None])).sum(1)
    # an empty side (all samples equal): both centres at the mean
    pos = torch.where(pos.norm(dim=-1, keepdim=True) > 0, pos, mean)
    neg = torch.where(neg.norm(dim=-1, keepdim=True) > 0, neg, mean)
    return F.normalize(torch.stack([pos, neg], 1), dim=-1)


@torch.no_grad()
def direction_starts(x: torch.Tensor, fit: torch.Tensor,
                     num: int) -> torch.Tensor:
    """Deterministic, diverse first centres for 2-means restarts.

    Restart ``r`` starts from each image's fitted sample with the largest
    projection on the ``r``-th of ``num`` random unit directions, drawn
    once from a generator seeded 0 on the CPU (the same directions for
    every image and device): no draw depends on the global random state or
    on the batch, so an image gets the same starts alone or batched.

    Args:
        x (torch.Tensor): ``(B, N, D)`` unit-norm features.
        fit (torch.Tensor): bool ``(B, N)``, the samples to use.
        num (int): restarts.

    Returns:
        torch.Tensor: ``(B, num, D)`` starting centres.
    """
    generator = torch.Generator().manual_seed(0)
    dirs = torch.randn(num, x.shape[-1], generator=generator)
    proj = torch.einsum('bnd,rd->brn', x, dirs.to(x))
    proj = proj.masked_fill(~fit[:, None], float('-inf'))
    batch = torch.arange(x.shape[0], device=x.device)[:, None]
    return x[batch, proj.argmax(-1)]


@torch.no_grad()
def spherical_two_means(x: torch.Tensor,
                        weight: Optional[torch.Tensor] = None,
                        temperature: float = 0.1,
                        num_iters: int = 3,
                        num_restarts: int = 1,
                        tol: float = 1e-6,
                        init: str = 'principal') -> torch.Tensor:
    """Soft spherical 2-means (paper Eq. 4 as released), batched.

    Distance ``1 - x.c`` on unit vectors. Initialisation: ``'principal'``
    (the default, deterministic: :func:`principal_split`; each further
    restart starts from the fitted sample farthest along a fixed random
    direction (:func:`direction_starts`), then the fitted sample farthest
    from it, so an image's centres depend neither on the global random
    state nor on the other images of its batch) or ``'random'`` (as
    released: a random fitted sample, then the fitted sample farthest from
    it; every restart random, from the global generator). Each iteration:
    ``w = softmax(-d / tau)`` over the two centres, centres = normalised
    weighted sums, cost = ``sum(w * d)``; a run stops early once its cost
    changes by less than ``tol`` (absolute or relative). Restarts run in
    parallel; the lowest final cost wins. No Python loop over pixels or
    images.

    Args:
        x (torch.Tensor): ``(B, N, D)`` unit-norm features.
        weight (torch.Tensor, optional): bool ``(B, N)``, the samples to fit
            (others are ignored). An image without any fitted sample gets
            zero centres (its soft assignment is then 0.5 everywhere).
        temperature (float): tau of the soft assignment.
        num_iters (int): maximum iterations.
        num_restarts (int): restarts (with ``'principal'``: it and
            ``num_restarts - 1`` from :func:`direction_starts`).
        tol (float): early-stopping tolerance.
        init (str): ``'principal'`` or ``'random'``.

    Returns:
        torch.Tensor: ``(B, 2, D)`` centres.
    """
    b, n, d = x.shape
    x = x.float()
    fit = (
        torch.ones(b, n, dtype=torch.bool, device=x.device)
        if weight is None else weight.bool())
    has_fit = fit.any(1)
    k = int(fit.sum(1).max())
    if 0 < k < n:
        # fit on the selected samples only (the hierarchy's point: finer
        # stages cluster just their uncertain pixels), padded per batch
        idx = fit.float().topk(k, dim=1).indices
        x = torch.gather(x, 1, idx[..., None].expand(-1, -1, d))
        fit = torch.gather(fit, 1, idx)
        n = k
    if init not in ('principal', 'random'):
        raise ValueError(f"init must be 'principal' or 'random', got "
                         f'{init!r}')
    fitf = fit.float()
    num_random = num_restarts - (init == 'principal')
    centers = []
    if init == 'principal':
        centers.append(principal_split(x, fit)[:, None])
    if num_random > 0:
        batch = torch.arange(b, device=x.device)[:, None]
        if init == 'principal':  # restarts reproducible and per image
            c1 = direction_starts(x, fit, num_random)
        else:  # a uniform random fitted sample per (image, restart) ...
            probs = torch.where(has_fit[:, None], fitf, torch.ones_like(fitf))
            c1 = x[batch, torch.multinomial(probs, num_random, True)]  # B,R,D
        # ... and the fitted sample farthest from it
        dist = 1 - torch.einsum('bnd,brd->brn', x, c1)
        dist = dist.masked_fill(~fit[:, None], float('-inf'))
        c2 = x[batch, dist.argmax(-1)]
        centers.append(torch.stack([c1, c2], 2))
    centers = torch.cat(centers, 1)  # B,R,2,D
    cost = torch.full((b, num_restarts), float('inf'), device=x.device)
    done = torch.zeros(b, num_restarts, dtype=torch.bool, device=x.device)
    for _ in range(num_iters):
        sim = torch.einsum('bnd,brkd->brnk', x, centers)
        w = torch.softmax(sim / temperature, -1) * fitf[:, None, :, None]
        new_centers = F.normalize(torch.einsum('brnk,bnd->brkd', w, x), dim=-1)
        new_sim = torch.einsum('bnd,brkd->brnk', x, new_centers)
        new_cost = (w * (1 - new_sim)).sum((2, 3))
        centers = torch.where(done[..., None, None], centers, new_centers)
        delta = (new_cost - cost).abs()
        converged = (delta < tol) | (delta / new_cost.clamp_min(1e-12) < tol)
        cost = torch.where(done, cost, new_cost)
        done = done | converged
        if bool(done.all()):
            break
    best = cost.argmin(1)
    centers = centers[torch.arange(b, device=x.device), best]
    return centers * has_fit[:, None, None]


def soft_assignment(x: torch.Tensor, centers: torch.Tensor,
                    temperature: float) -> torch.Tensor:
    """Soft weight of cluster 0, ``softmax_k(x.c_k / tau)[0]`` (Eq. 5).

    Args:
        x (torch.Tensor): ``(B, N, D)``.
        centers (torch.Tensor): ``(B, 2, D)``.
        temperature (float): tau.

    Returns:
        torch.Tensor: ``(B, N)`` in [0, 1].
    """
    sim = torch.einsum('bnd,bkd->bnk', x.float(), centers.float())
    return torch.sigmoid((sim[..., 0] - sim[..., 1]) / temperature)
