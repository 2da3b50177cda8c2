# Loading of frozen test splits written by tools/make_test_split.py
# (corrupted/, gt/, mask/ per ratio bin, index.csv): the paper's evaluation
# never uses random test pipelines. CorruptionSplitDataset reads all bins
# below its data_root in one run; the metrics report every bin.
frozen_split_pipeline = [
    dict(type='LoadImage'),
    dict(type='LoadImage', key='gt_path', out_key='gt_img'),
    dict(type='LoadMask', hole_is_white=False),
    dict(type='PackCorruptionInputs'),
]
