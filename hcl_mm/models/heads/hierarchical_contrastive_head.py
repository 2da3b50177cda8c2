# Copyright (c) hcl_mm contributors. All rights reserved.
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModule

from hcl_mm.registry import MODELS, build_module
from ..layers.guided_filter import guided_filter as _guided_filter
from ..layers.resize import resize_nearest as _resize_nearest
from ..layers.windows import crop_windows, random_windows
from .quadtree import QuadtreeInheritance, StageRecord
from .sample_selection import erode, hard_mine, random_subset, select_confident
from .spherical_kmeans import soft_assignment, spherical_two_means

#: ``(window, per_sample)`` of the boundary refiner's training windows
Windows = Tuple[int, int]


def input_size_p_clean(det: Dict[str, list], size) -> torch.Tensor:
    """A mask detector's finest soft P(clean) (``det['confs'][0]``) at
    ``size``, nearest-resized like its mask (so ``mask == (p_clean >= 0.5)``
    holds pixel for pixel)."""
    return F.interpolate(det['confs'][0].float(), size=size, mode='nearest')


def _to_map(t: torch.Tensor, idx: Optional[torch.Tensor],
            shape) -> torch.Tensor:
    """Values at the gathered pixels ``idx`` (``(B, K)``; None: every
    pixel) as a ``(B, h, w)`` map, zero elsewhere."""
    if idx is not None:
        t = t.new_zeros(shape[0], shape[1] * shape[2]).scatter(1, idx, t)
    return t.view(shape)


@MODELS.register_module()
class HierarchicalContrastiveHead(BaseModule):
    """Blind corruption detector of HCL: hierarchical contrastive learning.

    Per encoder scale a projection head (1x1 conv, GELU, 1x1 conv,
    L2-normalised) embeds every pixel; with ``fuse`` the coarser encoder
    feature, mapped by a 1x1 conv to a quarter of its channels and
    upsampled, is concatenated to the finer one (inter-stage consistency).
    From the coarsest stage down:

    1. soft spherical 2-means on the *uncertain* pixels (all pixels at the
       coarsest stage), confidence ``z = softmax(e.c / tau)`` of the
       uncorrupted cluster on all pixels;
    2. orientation: by the ground truth during training, by the cluster
       classifier at test time (coarsest stage), by the coarser stage's
       centres (finer stages);
    3. high-confidence pixels: the top ``confident_ratios[k]`` of each
       cluster by rank (``rank_scope``: over the whole map, then kept where
       uncertain, as released; or among the uncertain pixels only), minus
       their 1-pixel inner boundary; the rest stays uncertain;
    4. quadtree: the finer stage inherits every confident pixel's label and
       re-labels only uncertain pixels.

    Stage lists are ordered fine to coarse, as the encoder's outputs (index
    0 = the paper's S3). Masks use 1 = uncorrupted.

    Args:
        in_channels (Sequence[int]): encoder widths, fine to coarse.
        proj_channels (int): embedding width. Defaults to 64.
        hidden_channels (int, optional): projection hidden width; defaults
            to ``2 * proj_channels``.
        fuse (bool): inter-stage consistency. Defaults to True.
        num_stages (int): stages used, the finest ``num_stages`` scales
            (3 = full hierarchy, 1 = single-stage ablation).
        temperature (float): tau of K-means and confidence. Defaults to 0.1.
        kmeans_iters (int): 2-means iterations. Defaults to 3.
        kmeans_restarts (int | Sequence[int]): 2-means restarts (the
            lowest cost wins), one for every stage or one per stage, fine
            to coarse. Defaults to 1.
        kmeans_init (str): ``'principal'`` (deterministic: the same input
            gives the same mask) or ``'random'`` (as released).
        confident_ratios (Sequence[float]): per stage, fine to coarse, the
            fraction of each cluster that is confident.
        remove_boundaries (bool): drop the confident sets' inner boundary.
        rank_scope (str): where a finer stage ranks its confident pixels.
            ``'map'`` (default, as released): every pixel of the stage is
            assigned, each cluster's top ratio is ranked over the whole map
            and eroded, then intersected with the uncertain region.
            ``'uncertain'``: only the uncertain pixels are embedded,
            assigned and ranked (the quadtree's saving: at inference the
            projection head runs on those pixels only). The coarsest stage
            is the same either way.
        classifier (dict): the cluster classifier.
        loss_contrastive (dict): the contrastive loss.
        num_queries (int): queries per stage and image. Defaults to 512.
        num_references (int): previous-stage references per image (half
            valid, half corrupted). Defaults to 512.
        hard_mining (bool): mine references by confidence and boundary (the
            released default) instead of at random.
        valid_thresh (float): a pixel whose 2^k x 2^k patch of the finest
            ground truth is at least this clean is a clean query.
        invalid_thresh (float): ... at most this clean is a corrupted query.
        stage_weights (Sequence[float], optional): per stage, fine to
            coarse, the weight of its contrastive loss in
            ``loss_contrastive``. None sums them unweighted (as released).
        boundary_refiner (dict, optional): a :class:`BoundaryRefiner`
            config: a supervised full-resolution correction of the finest
            stage's P(clean) from the image, the finest feature and that
            P(clean) (its loss ``loss_boundary``). None (default, as
            released): the finest stage's clustering is the mask.
        guided_filter (dict, optional): ``radius`` and ``eps`` of a colour
            guided filter (:func:`~hcl_mm.models.layers.guided_filter`)
            applied to the finest P(clean), before the boundary refiner
            (which then starts from the filtered P(clean)), with the image
            (in [0, 1]) as the guide: mask edges near colour edges move
            onto them. No weights. None (default, as released): not
            applied.
    """

    def __init__(self,
                 in_channels: Sequence[int] = (64, 128, 256),
                 proj_channels: int = 64,
                 hidden_channels: Optional[int] = None,
                 fuse: bool = True,
                 num_stages: int = 3,
                 temperature: float = 0.1,
                 kmeans_iters: int = 3,
                 kmeans_restarts: Union[int, Sequence[int]] = 1,
                 kmeans_init: str = 'principal',
                 confident_ratios: Sequence[float] = (1.0, 0.95, 0.95),
                 remove_boundaries: bool = True,
                 rank_scope: str = 'map',
                 classifier: dict = dict(type='ClusterClassifier'),
                 loss_contrastive: dict = dict(type='PixelContrastiveLoss'),
                 num_queries: int = 512,
                 num_references: int = 512,
                 hard_mining: bool = True,
                 valid_thresh: float = 1.0,
                 invalid_thresh: float = 0.0,
                 stage_weights: Optional[Sequence[float]] = None,
                 boundary_refiner: Optional[dict] = None,
                 guided_filter: Optional[dict] = None,
                 init_cfg=None) -> None:
        super().__init__(init_cfg=init_cfg)
        levels = len(in_channels)
        if not 1 <= num_stages <= levels:
            raise ValueError(f'num_stages must be in [1, {levels}], got '
                             f'{num_stages}')
        if len(confident_ratios) < num_stages:
            raise ValueError('confident_ratios needs one value per stage')
        if isinstance(kmeans_restarts, int):
            kmeans_restarts = (kmeans_restarts, ) * levels
        if len(kmeans_restarts) < num_stages:
            raise ValueError('kmeans_restarts needs one value per stage, '
                             f'got {kmeans_restarts}')
        if stage_weights is not None and len(stage_weights) != num_stages:
            raise ValueError(f'stage_weights needs one weight per stage '
                             f'({num_stages}), got {stage_weights}')
        if rank_scope not in ('map', 'uncertain'):
            raise ValueError(f"rank_scope must be 'map' or 'uncertain', got "
                             f'{rank_scope!r}')
        hidden = hidden_channels or 2 * proj_channels
        self.num_stages = num_stages
        self.with_fusion = fuse
        self.temperature = temperature
        self.kmeans_iters = kmeans_iters
        self.kmeans_restarts = tuple(kmeans_restarts)
        self.kmeans_init = kmeans_init
        self.confident_ratios = tuple(confident_ratios)
        self.remove_boundaries = remove_boundaries
        self.rank_scope = rank_scope
        self.num_queries = num_queries
        self.num_references = num_references
        self.hard_mining = hard_mining
        self.valid_thresh = valid_thresh
        self.invalid_thresh = invalid_thresh
        self.stage_weights = tuple(
            float(w) for w in (stage_weights or (1., ) * num_stages))

        self.fuse = nn.ModuleList()
        head_in = list(in_channels[:num_stages])
        if fuse:
            for k in range(min(num_stages, levels - 1)):
                coarse = in_channels[k + 1]
                self.fuse.append(
                    nn.Sequential(
                        nn.Conv2d(coarse, coarse // 4, 1),
                        nn.Upsample(scale_factor=2, mode='nearest')))
                head_in[k] += coarse // 4
        self.proj_heads = nn.ModuleList(
            nn.Sequential(
                nn.Conv2d(c, hidden, 1), nn.GELU(),
                nn.Conv2d(hidden, proj_channels, 1)) for c in head_in)
        self.classifier = build_module(classifier)
        self.loss_contrastive = build_module(loss_contrastive)
        self.boundary_refiner = build_module(boundary_refiner or None)
        if guided_filter is not None and set(guided_filter) != {
                'radius', 'eps'
        }:
            raise ValueError(f'guided_filter takes radius and eps, got '
                             f'{guided_filter}')
        self.guided_filter = dict(guided_filter) if guided_filter else None

    # ------------------------------------------------------------ embedding
    def _stage_input(self, feats: Sequence[torch.Tensor],
                     k: int) -> torch.Tensor:
        """The projection head's input at stage ``k`` (with fusion)."""
        x = feats[k]
        if self.with_fusion and k < len(self.fuse):
            x = torch.cat([x, self.fuse[k](feats[k + 1])], 1)
        return x

    def embed(self, feats: Sequence[torch.Tensor]) -> List[torch.Tensor]:
        """Unit-norm pixel embeddings of the used stages, fine to coarse."""
        return [
            F.normalize(head(self._stage_input(feats, k)), dim=1)
            for k, head in enumerate(self.proj_heads)
        ]

    def embed_at(self,
                 feats: Sequence[torch.Tensor],
                 k: int,
                 idx: Optional[torch.Tensor] = None) -> torch.Tensor:
        """Embeddings of stage ``k`` at the flat pixel indices ``idx`` only
        (``(B, K)``; None: every pixel).

        The projection head is per pixel (1x1 convs), so it runs on the
        gathered ``(B, C, K, 1)`` inputs: the hierarchy's finer stages embed
        just their uncertain pixels.

        Returns:
            torch.Tensor: ``(B, K, D)`` unit-norm embeddings.
        """
        x = self._stage_input(feats, k).flatten(2)
        if idx is not None:
            x = torch.gather(x, 2, idx[:, None].expand(-1, x.shape[1], -1))
        emb = F.normalize(self.proj_heads[k](x[..., None]), dim=1)
        return emb[..., 0].transpose(1, 2)

    def forward(
            self,
            img: torch.Tensor,
            feats: Sequence[torch.Tensor],
            gt_mask: Optional[torch.Tensor] = None,
            boundary_windows: Optional[Windows] = None) -> Dict[str, object]:
        """Detect the corrupted pixels.

        In training, or with ``gt_mask``, every pixel of every stage is
        embedded (the contrastive loss samples them: ``projs``). Otherwise
        ``projs`` is absent and, with ``rank_scope='uncertain'``, the finer
        stages embed only their uncertain pixels (same result, the
        hierarchy's saving).

        Args:
            img (torch.Tensor): the input image in [-1, 1], read only by
                the boundary refiner and the guided filter (None without
                them).
            feats (Sequence[torch.Tensor]): encoder outputs, fine to coarse.
            gt_mask (torch.Tensor, optional): ``(B, 1, H, W)`` ground truth,
                1 = uncorrupted. Given during training: it orients the
                clusters (the released behaviour).
            boundary_windows (tuple, optional): ``(window, per_sample)``:
                run the boundary refiner on that many random square
                windows of that side per sample (of the finest scale)
                instead of the whole map, for its loss (training the
                refiner on crops of whole-image detections; see
                :meth:`refine_boundary`). None (default): the whole map.

        Returns:
            dict: ``masks`` (float 0/1 ``(B, 1, h, w)`` at every encoder
            scale, fine to coarse: what the decoder gets), ``confs`` (soft
            P(uncorrupted) after quadtree inheritance, likewise), ``stages``
            (the :class:`StageRecord` of every used stage, fine to coarse),
            ``projs`` (training) and, with ``gt_mask``, ``cls_logits`` (the
            classifier on the coarsest centres). With a boundary refiner
            and / or a guided filter the finest ``masks`` / ``confs`` are
            theirs (the stage records keep the clustering's); the refiner
            adds ``boundary_logits``.
        """
        out = {}
        if self.training or gt_mask is not None:
            out['projs'] = self.embed(feats)
            stages = self.cluster(out['projs'], gt_mask)
        else:
            stages = self.cluster(None, gt_mask, feats=feats)
        out['stages'] = stages
        if gt_mask is not None:
            # in forward so the classifier joins the forward graph (DDP)
            out['cls_logits'] = self.classifier(stages[-1].centers.to(
                feats[0].dtype))
        out['masks'], out['confs'] = self.stage_maps(
            stages, [f.shape[-2:] for f in feats])
        self.post_process(img, feats, out, boundary_windows)
        return out

    def post_process(self,
                     img: Optional[torch.Tensor],
                     feats: Sequence[torch.Tensor],
                     out: Dict[str, object],
                     boundary_windows: Optional[Windows] = None) -> None:
        """The finest P(clean)'s post-processing, in place on ``out``
        (:meth:`forward`'s): the guided filter, then the boundary refiner
        (each when configured; ``boundary_windows`` as in
        :meth:`forward`)."""
        if boundary_windows is not None and self.boundary_refiner is None:
            raise ValueError('boundary_windows needs a boundary_refiner')
        if self.guided_filter is not None:
            self.filter_edges(img, out)
        if self.boundary_refiner is not None:
            self.refine_boundary(img, feats, out, boundary_windows)

    def filter_edges(self, img: torch.Tensor, out: Dict[str, object]) -> None:
        """The guided filter on :meth:`forward`'s finest ``confs`` (in
        place; ``masks[0]`` follows), the image mapped to [0, 1] (and
        area-resized to the finest scale if it differs) as the guide."""
        p_clean = out['confs'][0]
        guide = (img.float() + 1) / 2
        if guide.shape[-2:] != p_clean.shape[-2:]:
            guide = F.interpolate(guide, size=p_clean.shape[-2:], mode='area')
        self._set_finest(
            out,
            _guided_filter(guide, p_clean, **self.guided_filter).clamp(0, 1))

    def refine_boundary(self,
                        img: torch.Tensor,
                        feats: Sequence[torch.Tensor],
                        out: Dict[str, object],
                        windows: Optional[Windows] = None) -> None:
        """Apply the boundary refiner to :meth:`forward`'s ``out`` (in
        place): the finest P(clean) so far (the clustering's, after the
        guided filter when there is one) in as ``boundary_input``,
        ``boundary_logits`` and the refined finest ``confs`` / ``masks``
        out.

        With ``windows = (window, per_sample)`` the refiner instead reads
        random windows of image, feature and P(clean) (drawn by
        :func:`random_windows`, recorded as ``boundary_windows``):
        ``boundary_input`` / ``boundary_logits`` are the windows' and the
        finest ``confs`` / ``masks`` stay the input's. The detection still
        sees the whole image; the refiner's batch holds windows of more
        images for the same pixels."""
        p_in = out['confs'][0]
        feat = feats[0]
        if windows is not None:
            window, per_sample = windows
            h, w = p_in.shape[-2:]
            scale = img.shape[-1] // w
            if tuple(img.shape[-2:]) != (h * scale, w * scale):
                raise ValueError(
                    f'boundary windows need the image at an integer '
                    f'multiple of the finest scale, got {tuple(img.shape)} '
                    f'and {tuple(p_in.shape)}')
            boxes = random_windows(p_in.shape[0], (h, w), window, per_sample,
                                   p_in.device)
            out['boundary_windows'] = boxes
            p_in = crop_windows(p_in, boxes, window)
            img = crop_windows(img, boxes, window, scale)
            if self.boundary_refiner.feat_channels:
                feat = crop_windows(feat, boxes, window)
        logits = self.boundary_refiner(img, feat, p_in)
        out['boundary_input'] = p_in
        out['boundary_logits'] = logits
        if windows is None:
            self._set_finest(out, logits.float().sigmoid())

    @staticmethod
    def _set_finest(out: Dict[str, object], p_clean: torch.Tensor) -> None:
        """Replace the finest P(clean) of ``out`` and its mask with it."""
        out['confs'][0] = p_clean
        out['masks'][0] = (p_clean >= 0.5).float()

    @staticmethod
    def stage_maps(stages: Sequence[StageRecord],
                   sizes: Sequence) -> Tuple[List[torch.Tensor], ...]:
        """The masks and confidences of every encoder scale.

        Args:
            stages (Sequence[StageRecord]): :meth:`cluster`'s records.
            sizes (Sequence): ``(h, w)`` of every encoder scale, fine to
                coarse; scales without a stage (``num_stages`` < 3) get the
                coarsest stage's maps resized.

        Returns:
            tuple: ``masks`` (float 0/1 ``(B, 1, h, w)``) and ``confs``
            (soft P(clean)), fine to coarse.
        """
        masks = [st.pred_mask[:, None].float() for st in stages]
        confs = [st.p_clean[:, None] for st in stages]
        for size in sizes[len(masks):]:
            masks.append(_resize_nearest(masks[-1], size))
            confs.append(F.adaptive_avg_pool2d(confs[-1], size))
        return masks, confs

    # ----------------------------------------------------------- hierarchy
    @torch.no_grad()
    def cluster(
            self,
            projs: Optional[Sequence[torch.Tensor]],
            gt_mask: Optional[torch.Tensor] = None,
            feats: Optional[Sequence[torch.Tensor]] = None
    ) -> List[StageRecord]:
        """Coarse-to-fine clustering with quadtree inheritance (no grad).

        Every stage fits 2-means on its uncertain pixels (all pixels at the
        coarsest stage; :class:`QuadtreeInheritance` keeps the rest),
        gathered per image and padded to the batch's largest count, and
        re-labels only them. With ``rank_scope='map'`` every pixel is then
        assigned and each cluster ranked over the whole map (as released);
        with ``'uncertain'`` the confidence ``z``, the ranking and, given
        ``feats`` instead of ``projs``, the embedding itself stay on the
        uncertain pixels.

        Args:
            projs (Sequence[torch.Tensor], optional): full embeddings, fine
                to coarse.
            gt_mask (torch.Tensor, optional): orients the coarsest stage.
            feats (Sequence[torch.Tensor], optional): encoder outputs; used
                (with :meth:`embed_at`) when ``projs`` is None.

        Returns:
            list[StageRecord]: one record per stage, fine to coarse.
        """
        if projs is None and feats is None:
            raise ValueError('cluster() needs projs or feats')
        n = len(self.proj_heads)
        stages: List[Optional[StageRecord]] = [None] * n
        tree = QuadtreeInheritance()
        prev_centers = None
        for s in reversed(range(n)):
            ref = projs[s] if projs is not None else feats[s]
            b, h, w = ref.shape[0], *ref.shape[-2:]
            uncertain = tree.descend(b, h, w, ref.device)
            region = uncertain.flatten(1)
            k = int(region.sum(1).max())
            if k == h * w:  # some image re-labels its whole map
                idx, ok = None, region
            else:
                idx = region.float().topk(max(k, 1), dim=1).indices
                ok = torch.gather(region, 1, idx)
            # released rule: every pixel is assigned and ranked
            whole = self.rank_scope == 'map'
            if projs is not None or whole:
                x_all = (
                    projs[s].detach().flatten(2).transpose(1, 2)
                    if projs is not None else self.embed_at(feats, s))
                x = x_all if idx is None else torch.gather(
                    x_all, 1, idx[..., None].expand(-1, -1, x_all.shape[-1]))
            else:
                x = self.embed_at(feats, s, idx)
            # 2-means fitted on the uncertain pixels
            centers = spherical_two_means(
                x,
                ok,
                self.temperature,
                self.kmeans_iters,
                self.kmeans_restarts[s],
                init=self.kmeans_init)
            z = soft_assignment(x, centers, self.temperature)
            flip = self._flip(z, centers, prev_centers, gt_mask, (h, w))
            centers = torch.where(flip[:, None, None], centers.flip(1),
                                  centers)
            if whole:
                z = soft_assignment(x_all, centers, self.temperature)
                valid, corrupt = select_confident(z, self.confident_ratios[s])
                z, valid, corrupt = (
                    t.view(b, h, w) for t in (z, valid, corrupt))
            else:
                z = torch.where(flip[:, None], 1 - z, z)
                valid, corrupt = select_confident(z, self.confident_ratios[s],
                                                  ok)
                z, valid, corrupt = (
                    _to_map(t, idx, (b, h, w)) for t in (z, valid, corrupt))
            if self.remove_boundaries:
                valid, corrupt = erode(valid), erode(corrupt)
            p_clean, pred_mask = tree.settle(uncertain, z, valid, corrupt)
            stages[s] = StageRecord(pred_mask, p_clean, uncertain,
                                    valid & uncertain, corrupt & uncertain,
                                    centers)
            prev_centers = centers
        return stages

    def _flip(self, z: torch.Tensor, centers: torch.Tensor,
              prev_centers: Optional[torch.Tensor],
              gt_mask: Optional[torch.Tensor], size) -> torch.Tensor:
        """Per image: must cluster 0 and 1 swap so 0 is uncorrupted?"""
        if prev_centers is not None:
            # the cluster closer to the coarser stage's uncorrupted centre
            w = soft_assignment(prev_centers, centers, self.temperature)
            return w[:, 0] < w[:, 1]
        if gt_mask is not None:
            gt = _resize_nearest(gt_mask, size).flatten(1)
            return (gt - (1 - z)).abs().mean(1) < (gt - z).abs().mean(1)
        if self.classifier is not None:
            logits = self.classifier(
                centers.to(next(self.classifier.parameters()).dtype))
            return logits[:, 1] > logits[:, 0]
        return (z >= 0.5).float().mean(1) < 0.5

    # ---------------------------------------------------------------- loss
    def loss(self, out: Dict[str, object],
             gt_mask: torch.Tensor) -> Dict[str, torch.Tensor]:
        """Contrastive loss over the stages plus the classifier's BCE.

        Args:
            out (dict): the result of :meth:`forward` with ``gt_mask``.
            gt_mask (torch.Tensor): ``(B, 1, H, W)``, 1 = uncorrupted.

        Returns:
            dict: ``loss_contrastive`` (sum over stages, ``stage_weights``
            applied), ``loss_cls``, with a boundary refiner
            ``loss_boundary``, and, for logging, ``contrastive_s{k}`` per
            paper stage (S1 = coarsest).
        """
        projs = out['projs']
        n = len(projs)
        gt0 = _resize_nearest(gt_mask, projs[0].shape[-2:])
        losses = {}
        total = 0.
        for s in range(n):
            frac = F.avg_pool2d(gt0, 2**s) if s else gt0
            clean = (frac >= self.valid_thresh)[:, 0].flatten(1)
            dirty = (frac <= self.invalid_thresh)[:, 0].flatten(1)
            cand = out['stages'][s].uncertain.flatten(1) & (clean | dirty)
            idx, q_valid = random_subset(cand, self.num_queries)
            emb = projs[s].flatten(2).transpose(1, 2)
            query = torch.gather(emb, 1,
                                 idx[..., None].expand(-1, -1, emb.shape[-1]))
            q_label = torch.gather(clean, 1, idx).long()
            refs = self._references(out, s + 1) if s + 1 < n else {}
            loss_s = self.loss_contrastive(query, q_label, q_valid, **refs)
            losses[f'contrastive_s{self._paper_stage(s)}'] = loss_s.detach()
            total = total + self.stage_weights[s] * loss_s
        losses['loss_contrastive'] = total
        losses['loss_cls'] = self.classifier.loss(out['cls_logits'])
        if self.boundary_refiner is not None:
            losses.update(self.boundary_loss(out, gt_mask))
        return losses

    def boundary_loss(self, out: Dict[str, object],
                      gt_mask: torch.Tensor) -> Dict[str, torch.Tensor]:
        """``loss_boundary``: the boundary refiner's per-pixel loss on
        ``out['boundary_logits']`` against ``gt_mask`` (1 = uncorrupted)
        at the finest scale, within the refiner's band around the mask of
        its input (:meth:`BoundaryRefiner.edge_band`); on the windows
        ``out['boundary_windows']`` when the refiner read windows."""
        logits = out['boundary_logits']
        if 'boundary_windows' in out:
            gt = _resize_nearest(gt_mask, out['confs'][0].shape[-2:])
            gt = crop_windows(gt, out['boundary_windows'], logits.shape[-1])
        else:
            gt = _resize_nearest(gt_mask, logits.shape[-2:])
        band = self.boundary_refiner.edge_band(out['boundary_input'])
        return dict(loss_boundary=self.boundary_refiner.loss(logits, gt, band))

    def _paper_stage(self, s: int) -> int:
        return len(self.proj_heads) - s

    def _references(self, out: Dict[str, object], s: int) -> dict:
        """Detached confident samples of (coarser) stage ``s``, padded."""
        emb = out['projs'][s].detach().flatten(2).transpose(1, 2)
        stage = out['stages'][s]
        conf = stage.p_clean.flatten(1)
        half = self.num_references // 2
        per_image = []
        for b in range(emb.shape[0]):
            idx, labels = [], []
            for sel, label in ((stage.valid[b], 1), (stage.corrupt[b], 0)):
                if self.hard_mining:
                    edge = (sel & ~erode(sel[None])[0]).flatten()
                    i = hard_mine(sel.flatten(), conf[b], edge, half,
                                  half // 2)
                else:
                    i, ok = random_subset(sel.flatten()[None], half)
                    i = i[0][ok[0]]
                idx.append(i)
                labels.append(torch.full_like(i, label))
            per_image.append((torch.cat(idx), torch.cat(labels)))
        r = max(1, max(i.numel() for i, _ in per_image))
        b = emb.shape[0]
        ref_idx = emb.new_zeros(b, r, dtype=torch.long)
        ref_label = torch.zeros_like(ref_idx)
        ref_valid = torch.zeros(b, r, dtype=torch.bool, device=emb.device)
        for j, (i, lab) in enumerate(per_image):
            ref_idx[j, :i.numel()] = i
            ref_label[j, :i.numel()] = lab
            ref_valid[j, :i.numel()] = True
        ref = torch.gather(emb, 1, ref_idx[...,
                                           None].expand(-1, -1, emb.shape[-1]))
        return dict(ref=ref, ref_label=ref_label, ref_valid=ref_valid)
