# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Optional

import torch
import torch.nn.functional as F


@torch.no_grad()
def spherical_two_means(x: torch.Tensor,
                        weight: Optional[torch.Tensor] = None,
                        temperature: float = 0.1,
                        num_iters: int = 3,
                        num_restarts: int = 1,
                        tol: float = 1e-6) -> torch.Tensor:
    """Soft spherical 2-means (paper Eq. 4 as released), batched.

    Distance ``1 - x.c`` on unit vectors. Initialisation: a random fitted
    sample, then the fitted sample farthest from it. Each iteration:
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
        num_restarts (int): random restarts.
        tol (float): early-stopping tolerance.

    Returns:
        torch.Tensor: ``(B, 2, D)`` centres.
    """
    b, n, d = x.shape
    x = x.float()
    fit = (torch.ones(b, n, dtype=torch.bool, device=x.device)
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
    fitf = fit.float()
    # init: a uniform random fitted sample per (image, restart) ...
    probs = torch.where(has_fit[:, None], fitf, torch.ones_like(fitf))
    first = torch.multinomial(probs, num_restarts, replacement=True)  # B,R
    batch = torch.arange(b, device=x.device)[:, None]
    c1 = x[batch, first]  # B,R,D
    # ... and the fitted sample farthest from it
    dist = 1 - torch.einsum('bnd,brd->brn', x, c1)
    dist = dist.masked_fill(~fit[:, None], float('-inf'))
    c2 = x[batch, dist.argmax(-1)]
    centers = torch.stack([c1, c2], 2)  # B,R,2,D
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
