# Copyright (c) hcl_mm contributors. All rights reserved.
"""The CPU-scale recipe (configs/hcl/cpu_recipe): three chained steps
through tools/train.py, each for two iterations on the shipped photos."""
import os.path as osp
import re
import sys

import numpy as np
import pytest
import torch
from conftest import REPO
from mmengine import Config
from test_hcl_train_tools import FAST_TRAIN, PHOTOS, run

from hcl_mm.utils import resolve_refs

RECIPE = osp.join(REPO, 'configs', 'hcl', 'cpu_recipe')


def train(step, work, extra=(), flags=()):
    """The training log lines (the config dump names every loss)."""
    log = run([
        sys.executable, 'tools/train.py',
        osp.join(RECIPE, f'hcl_tiny_mix_{step}.py'), '--work-dir', work,
        *flags, '--cfg-options', f'data_root={PHOTOS}/train',
        f'content_root={PHOTOS}/train', 'train_dataloader.batch_size=2',
        'train_cfg.max_iters=2', 'default_hooks.checkpoint.interval=2',
        'custom_hooks.0.save_every=None', *extra
    ] + FAST_TRAIN)
    return '\n'.join(ln for ln in log.splitlines() if 'Iter(train)' in ln)


def recipe(step):
    """The resolved ``configs/hcl/cpu_recipe/hcl_tiny_mix_{step}.py``."""
    return resolve_refs(
        Config.fromfile(osp.join(RECIPE, f'hcl_tiny_mix_{step}.py')))


def weights(path):
    return torch.load(path, weights_only=True)['state_dict']


def changed(a, b, prefix):
    return any(not torch.equal(a[k], b[k]) for k in a
               if k.startswith(prefix) and a[k].is_floating_point())


def shares(choice):
    """Each content's probability in a ``RandomChoice`` of two
    ``CorruptImage``s: fills (pasted at the host's scale, pasted, colour,
    noise) then overlays (graffiti, text, logos)."""
    return [
        p * w for (part, ), w in zip(choice['transforms'], choice['prob'])
        for p in np.asarray(part['content_probs']) / sum(part['content_probs'])
    ]


def test_recipe_configs_share_one_corruption_mix():
    cfgs = {s: recipe(s) for s in ('detector', 'restorer', 'joint')}
    mix = cfgs['detector'].train_pipeline[3]
    kinds = [c['type'] for c in mix['contents']]
    assert kinds == [
        'ImageContent', 'GraffitiOverlay', 'TextOverlay', 'LogoOverlay',
        'ConstantColor', 'RandomNoise'
    ]
    assert cfgs['detector'].train_pipeline[4]['type'] == 'RandomJPEGCompress'
    assert [c.model.train_cfg.parts
            for c in cfgs.values()] == ['detector', 'restorer', 'all']
    for cfg in cfgs.values():
        assert cfg.train_dataloader.dataset.pipeline[3] == mix


def test_detector_variants_anneal_over_their_iterations():
    """The annealed and restarted detection steps: the same contents and
    parts as step 1, probabilities that sum to one, and a cosine schedule
    that ends where training ends."""
    step1 = recipe('detector')
    for name in ('detector_anneal', 'detector_restart',
                 'detector_mit-b0_anneal'):
        cfg = recipe(name)
        mix = cfg.train_pipeline[3]
        assert mix['contents'] == step1.train_pipeline[3]['contents'], name
        assert abs(sum(mix['content_probs']) - 1) < 1e-6, name
        assert cfg.model.train_cfg.parts == 'detector'
        (sched, ) = cfg.param_scheduler
        assert sched.type == 'CosineAnnealingLR'
        assert sched.T_max == sched.end == cfg.train_cfg.max_iters, name


def test_three_steps_chain(tmp_path):
    det, rest, joint = (str(tmp_path / s) for s in ('det', 'rest', 'joint'))
    log = train('detector', det)
    assert 'Iter(train) [2/2]' in log and 'loss_contrastive' in log
    assert 'loss_rec' not in log and 'loss_critic' not in log
    w_det = weights(osp.join(det, 'iter_2.pth'))
    log = train('restorer', rest, [f'load_from={det}/iter_2.pth'])
    assert 'loss_rec_refined' in log and 'loss_contrastive' not in log
    w_rest = weights(osp.join(rest, 'iter_2.pth'))
    # the detector is frozen, the restorer learns
    assert not changed(w_det, w_rest, 'encoder.')
    assert not changed(w_det, w_rest, 'mask_detector.')
    assert changed(w_det, w_rest, 'decoder.')
    assert changed(w_det, w_rest, 'refiner.')
    log = train('joint', joint, [f'load_from={rest}/iter_2.pth'])
    assert 'loss_contrastive' in log and 'loss_rec_refined' in log
    w_joint = weights(osp.join(joint, 'iter_2.pth'))
    assert changed(w_rest, w_joint, 'encoder.')


def test_mit_b0_steps_chain(tmp_path):
    """A MiT-B0 detection step (1j: 256 crops, the named entries of steps
    1f-1i resolved through tools/train.py) trains its MixVisionTransformer;
    step 2 on its checkpoint keeps that encoder frozen and trains the
    restorer."""
    det, rest = str(tmp_path / 'det'), str(tmp_path / 'rest')
    log = train('detector_mit-b0_finetune_crop256', det)
    assert 'Iter(train) [2/2]' in log and 'loss_contrastive' in log
    w_det = weights(osp.join(det, 'iter_2.pth'))
    assert any(k.startswith('encoder.backbone.layers.') for k in w_det)
    # step 2d (step 2b's cosine decay on every optimizer, photo-scale holes)
    log = train('restorer_mit-b0_anneal_photo_scale', rest,
                [f'load_from={det}/iter_2.pth', 'anneal_iters=2'])
    assert 'loss_rec_refined' in log and 'loss_contrastive' not in log
    for name in ('generator', 'critic'):
        lrs = [float(v) for v in re.findall(rf' {name}\.lr: (\S+)', log)]
        assert len(lrs) == 2 and lrs[1] < lrs[0], (name, lrs)
    w_rest = weights(osp.join(rest, 'iter_2.pth'))
    assert w_rest.keys() == w_det.keys()
    assert not changed(w_det, w_rest, 'encoder.')
    assert changed(w_det, w_rest, 'refiner.')
    # step 1e with the noise-residual branch, from the plain detector: the
    # branch's keys are new (zero-initialised) and train with the rest
    srm = str(tmp_path / 'srm')
    log = train('detector_mit-b0_finetune_srm', srm,
                [f'load_from={det}/iter_2.pth'])
    assert 'Iter(train) [2/2]' in log and 'loss_contrastive' in log
    w_srm = weights(osp.join(srm, 'iter_2.pth'))
    branch = [k for k in w_srm if k.startswith('encoder.noise_branch.')]
    assert branch and set(w_srm) - set(w_det) == set(branch)
    assert w_srm['encoder.noise_branch.2.weight'].abs().sum() > 0
    assert changed(w_det, w_srm, 'encoder.backbone.')
    # step 1m, from the same detector: only the new boundary refiner trains
    bnd = str(tmp_path / 'boundary')
    log = train('detector_mit-b0_finetune_boundary', bnd,
                [f'load_from={det}/iter_2.pth'])
    assert 'loss_boundary' in log and 'loss_contrastive' not in log
    w_bnd = weights(osp.join(bnd, 'iter_2.pth'))
    refiner = 'mask_detector.boundary_refiner.'
    assert set(w_bnd) - set(w_det) == {
        k
        for k in w_bnd if k.startswith(refiner)
    }
    assert w_bnd[refiner + 'out.weight'].abs().sum() > 0
    for k in w_det:
        assert torch.equal(w_det[k], w_bnd[k]), k


def test_finetune_mix_pastes_mostly_at_the_host_scale():
    """Step 1e: the step-1 mix with the pasted share split between
    host-scale pastes (the pipeline's short side) and the old ones."""
    step1 = recipe('detector')
    old = step1.train_pipeline[3]
    for name in ('finetune', 'finetune_srm'):
        cfg = recipe(f'detector_mit-b0_{name}')
        mix = cfg.train_pipeline[3]
        host = cfg.train_pipeline[1]
        assert host['type'] == 'ResizeShortSide'
        assert mix['contents'][0]['short_side'] == host['size']
        assert mix['contents'][1:] == old['contents']
        probs = mix['content_probs']
        assert abs(sum(probs) - 1) < 1e-6
        assert probs[0] + probs[1] == old['content_probs'][0]
        assert probs[2:] == old['content_probs'][1:]
    assert cfg.model.encoder.noise_residual is True


@pytest.mark.parametrize('name,probs,lr', [
    ('finetune_achromatic', dict(GraffitiOverlay=0.3, TextOverlay=0.6), 4e-4),
    ('finetune_achromatic_mild', dict(GraffitiOverlay=0.1,
                                      TextOverlay=0.45), 2e-4),
])
def test_achromatic_mix_only_adds_black_and_white_overlays(name, probs, lr):
    """Steps 1f / 1g: step 1e's mix with more black / white text and
    graffiti (1g: fewer, at half the learning rate)."""
    step1e, variant = (
        recipe(f'detector_mit-b0_{n}') for n in ('finetune', name))
    assert variant.optim_wrapper.generator.optimizer.lr == lr
    old, new = step1e.train_pipeline[3], variant.train_pipeline[3]
    assert new['content_probs'] == old['content_probs']
    achromatic = {}
    for a, b in zip(old['contents'], new['contents']):
        b = dict(b)
        if 'achromatic_prob' in b:
            achromatic[b['type']] = b.pop('achromatic_prob')
        assert a == b
    assert achromatic == probs


def test_photo_scale_step_draws_at_the_test_photos_scale():
    """Step 1h: step 1g's mix, sized relative to the 256 photo the 128
    crop came from (the scale of the 256 test photos)."""
    step1g, step1h = (
        recipe(f'detector_mit-b0_{n}')
        for n in ('finetune_achromatic_mild', 'finetune_photo_scale'))
    old, new = step1g.train_pipeline[3], dict(step1h.train_pipeline[3])
    assert new.pop('reference_side') == step1h.train_pipeline[1]['size']
    assert new == old
    assert step1h.val_pipeline[3]['reference_side'] == 256
    assert step1h.train_pipeline[2]['crop_size'] == (128, 128)


def test_overlays_only_step_splits_the_mix_by_scale():
    """Step 1i: step 1h's seven contents and shares, the filled holes at
    the crop's scale and only the overlays at the photo's."""
    step1h, step1i = (
        recipe(f'detector_mit-b0_{n}')
        for n in ('finetune_photo_scale', 'finetune_photo_scale_overlays'))
    old, choice = step1h.train_pipeline[3], step1i.train_pipeline[3]
    assert choice['type'] == 'RandomChoice'
    (fills, ), (overlays, ) = choice['transforms']
    assert 'reference_side' not in fills
    assert overlays['reference_side'] == old['reference_side'] == 256
    order = (0, 1, 5, 6, 2, 3, 4)  # fills first, then the overlays
    assert fills['contents'] + overlays['contents'] == [
        old['contents'][i] for i in order
    ]
    assert np.allclose(
        shares(choice), [old['content_probs'][i] for i in order])
    assert fills['masks'] == overlays['masks'] == old['masks']


def test_crop256_step_draws_on_test_sized_crops():
    """Step 1j: step 1i's mix and shares on 256 crops at batch 2 (trained
    through tools/train.py in test_mit_b0_steps_chain)."""
    step1i, step1j = (
        recipe(f'detector_mit-b0_{n}')
        for n in ('finetune_photo_scale_overlays', 'finetune_crop256'))
    assert step1j.train_pipeline[2]['crop_size'] == (256, 256)
    assert step1i.train_pipeline[2]['crop_size'] == (128, 128)
    for i in (0, 1, 3, 4, 5):
        assert step1j.train_pipeline[i] == step1i.train_pipeline[i], i
    assert step1j.train_dataloader.batch_size == 2


def test_text_paste_step_moves_the_mix_to_the_weak_patterns():
    """Step 1k: step 1j's contents, crops and scales; pasted content 0.40
    (1j: 0.35) and text 0.30 (0.15) of the draws, the rest halved or
    cut by a third."""
    step1j, step1k = (
        recipe(f'detector_mit-b0_{n}')
        for n in ('finetune_crop256', 'finetune_text_paste'))
    old, new = step1j.train_pipeline[3], step1k.train_pipeline[3]
    for a, b in zip(old['transforms'], new['transforms']):
        assert {**a[0], 'content_probs': None} == \
            {**b[0], 'content_probs': None}
    assert np.allclose(shares(old), [0.25, 0.1, 0.1, 0.1, 0.15, 0.15, 0.15])
    assert np.allclose(shares(new), [0.3, 0.1, 0.05, 0.05, 0.1, 0.3, 0.1])
    for i in (0, 1, 2, 4, 5):
        assert step1k.train_pipeline[i] == step1j.train_pipeline[i], i
    assert step1k.train_dataloader.batch_size == 2
    (sched, ) = step1k.param_scheduler
    assert sched.T_max == step1k.train_cfg.max_iters == step1k.anneal_iters


def test_photo_scale_restorer_differs_from_2b_by_scale_and_rates():
    """Step 2d: step 2b's restorer with the holes at the photo's scale and
    step 2c's halved learning rates, on a frozen detector."""
    step2b, step2d = (
        recipe(f'restorer_mit-b0_{n}')
        for n in ('anneal', 'anneal_photo_scale'))
    old, new = step2b.train_pipeline[3], dict(step2d.train_pipeline[3])
    assert new.pop('reference_side') == step2d.train_pipeline[1]['size']
    assert new == old
    assert step2d.model.train_cfg.parts == 'restorer'
    lrs = {
        k: step2d.optim_wrapper[k].optimizer.lr
        for k in ('generator', 'refiner', 'critic')
    }
    assert lrs == {k: step2b.optim_wrapper[k].optimizer.lr / 2 for k in lrs}
    (sched, ) = step2d.param_scheduler
    assert sched.T_max == step2d.train_cfg.max_iters == step2d.anneal_iters


def test_jittered_holes_restorer_is_2d_with_hole_growth(tmp_path):
    """Step 2e's second arm: step 2d with the ground-truth holes shrunk or
    grown by up to 2 px, as a detector misses edges; trains through
    tools/train.py."""
    step2d, step2e = (
        recipe(f'restorer_mit-b0_anneal_{n}')
        for n in ('photo_scale', 'jittered_holes'))
    assert step2e.model.train_cfg.pop('hole_growth') == (-2, 2)
    assert step2e.model == step2d.model
    assert step2e.train_pipeline == step2d.train_pipeline
    assert step2e.optim_wrapper == step2d.optim_wrapper
    log = train('restorer_mit-b0_anneal_jittered_holes',
                str(tmp_path / 'jittered'))
    assert 'Iter(train) [2/2]' in log and 'loss_rec_refined' in log


def test_budget_end_is_resumable(tmp_path):
    """A run stopped by its time budget leaves what ``--resume`` needs: the
    budget's checkpoint named in ``last_checkpoint``, with every optimizer,
    the message hub and the iteration reached (``--resume`` from such a
    checkpoint: test_tiny_resume_after_kill)."""
    work = str(tmp_path / 'det')
    log = train('detector', work,
                ['train_cfg.max_iters=9', 'custom_hooks.0.minutes=0.001'])
    assert 'Iter(train) [1/9]' in log and 'Iter(train) [2/9]' not in log
    final = osp.join(work, 'minute_0000.0.pth')
    with open(osp.join(work, 'last_checkpoint')) as f:
        assert f.read() == final
    ckpt = torch.load(final, weights_only=True)
    assert ckpt['meta']['iter'] == 1
    assert set(ckpt['optimizer']) == {'generator', 'refiner', 'critic'}
    assert 'message_hub' in ckpt


def test_weight_free_restorer_config_builds_without_vgg():
    from hcl_mm.registry import MODELS
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    cfg = Config.fromfile(
        osp.join(RECIPE, 'hcl_tiny_mix_restorer_weight_free.py'))
    model = MODELS.build(cfg.model)
    assert cfg.model.train_cfg.parts == 'restorer'
    assert type(model.loss_perceptual).__name__ == 'FocalFrequencyLoss'
    assert type(model.loss_perceptual_refined).__name__ == 'MSSSIMLoss'
    assert model.loss_feature_matching is not None
    assert not any('vgg' in n for n, _ in model.named_modules())


def test_detail_step_adds_only_the_full_resolution_block():
    """Step 1l: step 1j's data and model plus the encoder's zero-initialised
    detail block (what it computes: test_backbone_adapter.py)."""
    step1j, step1l = (
        recipe(f'detector_mit-b0_{n}')
        for n in ('finetune_crop256', 'finetune_detail'))
    assert step1l.train_pipeline == step1j.train_pipeline
    assert step1l.model.encoder.pop('detail_residual') is True
    assert step1l.model == step1j.model
    (sched, ) = step1l.param_scheduler
    assert sched.T_max == step1l.train_cfg.max_iters == step1l.anneal_iters


def test_boundary_step_adds_only_the_refiner_and_trains_it_alone():
    """Step 1m: step 1j's data and model plus the head's boundary refiner,
    trained alone (what it computes: test_heads.py; that it alone
    changes: test_mit_b0_steps_chain)."""
    step1j, step1m = (
        recipe(f'detector_mit-b0_{n}')
        for n in ('finetune_crop256', 'finetune_boundary'))
    assert step1m.train_pipeline == step1j.train_pipeline
    refiner = step1m.model.mask_detector.pop('boundary_refiner')
    assert refiner.type == 'BoundaryRefiner'
    assert refiner.feat_channels == step1m.model.mask_detector.in_channels[0]
    assert step1m.model.train_cfg.pop('parts') == 'boundary'
    step1j.model.train_cfg.pop('parts')
    assert step1m.model == step1j.model
    (sched, ) = step1m.param_scheduler
    assert sched.T_max == step1m.train_cfg.max_iters == step1m.anneal_iters


def test_boundary_overlays_step_changes_only_the_refiner_and_its_mix():
    """Step 1n: step 1m's refiner (wider, vote clamp 4) after the shipped
    guided filter, trained on the overlays, constant colour and noise
    (no pasted content)."""
    step1m, step1n = (
        recipe(f'detector_mit-b0_{n}')
        for n in ('finetune_boundary', 'finetune_boundary_overlays'))
    det = step1n.model.mask_detector
    shipped = Config.fromfile(osp.join(RECIPE, '..', 'hcl_tiny_demo.py'))
    assert det.pop('guided_filter') == (
        shipped.model.mask_detector.guided_filter)
    assert det.boundary_refiner.pop('channels') == 32
    assert det.boundary_refiner.pop('max_logit') == 4
    step1m.model.mask_detector.boundary_refiner.pop('channels')
    assert step1n.model == step1m.model
    contents = [c.type for c in step1n.fills.contents]
    assert contents == ['ConstantColor', 'RandomNoise']
    assert step1n.overlays == step1m.overlays
    (sched, ) = step1n.param_scheduler
    assert sched.T_max == step1n.train_cfg.max_iters == step1n.anneal_iters


def test_image_only_boundary_steps_change_the_refiner_input_and_batches():
    """Steps 1o (step 1n's refiner without the encoder feature, twice the
    learning rate) and 1p (1o on batches of 8 crops of 128, cut after the
    corruption: the input, its ground truth and mask stay aligned)."""
    from hcl_mm.registry import DATASETS
    from hcl_mm.utils import register_all_modules
    register_all_modules()
    step1n, step1o, step1p = (
        recipe(f'detector_mit-b0_{n}')
        for n in ('finetune_boundary_overlays', 'finetune_boundary_image',
                  'finetune_boundary_image_crops'))
    assert step1p.model == step1o.model
    assert step1o.model.mask_detector.boundary_refiner.pop(
        'feat_channels') == 0
    step1n.model.mask_detector.boundary_refiner.pop('feat_channels')
    assert step1o.model == step1n.model
    lrs = [c.optim_wrapper.generator.optimizer.lr for c in (step1n, step1o)]
    assert lrs[1] == 2 * lrs[0]
    assert step1o.train_pipeline == step1n.train_pipeline
    assert step1p.train_dataloader.batch_size == 8
    crops = [t for t in step1p.train_pipeline if t['type'] == 'RandomCrop']
    assert [c.crop_size for c in crops] == [(256, 256), (128, 128)]
    assert step1p.train_pipeline[:5] == step1o.train_pipeline[:5]
    dataset = dict(
        step1p.train_dataloader.dataset, data_root=f'{PHOTOS}/train')
    item = DATASETS.build(dataset)[0]
    sample = item['data_samples']
    assert item['inputs'].shape == sample.gt_img.shape == (3, 128, 128)
    assert sample.mask.shape == (1, 128, 128)
    # corrupted pixels differ from the clean image, clean ones do not
    diff = (item['inputs'].int() - sample.gt_img.int()).abs().amax(0)
    clean = sample.mask[0].bool()
    if (~clean).any():
        assert diff[~clean].float().mean() > diff[clean].float().mean()


def test_windows_boundary_step_detects_whole_photos_and_refines_windows():
    """Step 1q: step 1o's refiner on 2 windows of 128 per whole 256
    detection, 4 photos per step, the overlays only; the shipped config
    carries its refiner with the thin-parts gate."""
    step1o, step1q = (
        recipe(f'detector_mit-b0_{n}')
        for n in ('finetune_boundary_image', 'finetune_boundary_windows'))
    assert step1q.model.train_cfg.pop('boundary_windows') == (128, 2)
    assert step1q.model == step1o.model
    assert step1q.train_dataloader.batch_size == 4
    assert step1q.corruption.prob == [0., 1.]
    pipes = step1q.train_pipeline, step1o.train_pipeline
    assert pipes[0][3]['prob'] == [0., 1.]  # the corruption, resolved
    assert pipes[0][:3] + pipes[0][4:] == pipes[1][:3] + pipes[1][4:]
    shipped = Config.fromfile(
        osp.join(REPO, 'configs', 'hcl', 'hcl_tiny_demo.py'))
    from hcl_mm.models.heads import BoundaryRefiner
    built = [
        BoundaryRefiner(**{
            k: v
            for k, v in cfg.items() if k != 'type'
        }) for cfg in (shipped.model.mask_detector.boundary_refiner,
                       step1q.model.mask_detector.boundary_refiner)
    ]
    assert built[0].thin_radius == 3 and built[1].thin_radius is None
    # the same module otherwise: the step's weights load into it
    assert str(built[0]) == str(built[1])
    for key in ('band', 'max_logit', 'feat_channels'):
        assert getattr(built[0], key) == getattr(built[1], key)


def test_fills_boundary_step_changes_only_the_mix():
    """Step 1w: step 1q with constant colour and noise a quarter of the
    refiner's samples; model, loaders and the rest of the pipeline are
    step 1q's."""
    step1q, step1w = (
        recipe(f'detector_mit-b0_finetune_boundary_{n}')
        for n in ('windows', 'fills'))
    assert step1w.model == step1q.model
    assert step1w.train_dataloader.batch_size == 4
    pipes = step1w.train_pipeline, step1q.train_pipeline
    assert pipes[0][3]['prob'] == [0.25, 0.75]  # fills, overlays
    assert pipes[0][3]['transforms'] == pipes[1][3]['transforms']
    assert pipes[0][:3] + pipes[0][4:] == pipes[1][:3] + pipes[1][4:]


def test_accumulated_step_is_the_gpu_step_at_batch_4_x_8(tmp_path):
    """Step 1s: the GPU recipe's model, data and schedule shape on the CPU,
    its batch of 32 as 4 crops x 8 accumulated iterations; trains through
    tools/train.py."""
    from test_gpu_recipe import GPU
    gpu = resolve_refs(Config.fromfile(GPU))
    step1s = recipe('detector_mit-b0_finetune_accumulated')
    assert step1s.model == gpu.model
    assert step1s.train_pipeline == gpu.train_pipeline
    generator = step1s.optim_wrapper.generator
    assert (step1s.train_dataloader.batch_size *
            generator.accumulative_counts == gpu.train_dataloader.batch_size)
    assert generator.optimizer.lr < gpu.optim_wrapper.generator.optimizer.lr
    assert [s.type for s in step1s.param_scheduler
            ] == [s.type for s in gpu.param_scheduler]
    hook = step1s.custom_hooks[0]
    assert (hook.clock, hook.fit_schedule) == ('train', True)
    work = str(tmp_path / 'accumulated')
    log = train('detector_mit-b0_finetune_accumulated', work, ['accumulate=2'])
    assert 'Iter(train) [2/2]' in log and 'loss_contrastive' in log
