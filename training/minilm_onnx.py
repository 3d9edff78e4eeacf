"""The English transformer (fine-tuned MiniLM), read with onnxruntime and tokenizers.

Not shipped (docs/transformer.md says why): `train_transformer.py` writes it into
``training/build/`` with a manifest of its own, and `evaluate_transformer.py` reads it here,
as the engine would serve it. No torch: the model is an int8 ONNX graph (token ids and their
mask in, one probability per English head out) and the word pieces come from the
``tokenizers`` library reading the tokenizer file written beside it. Both files are checked
against the sha256 that the manifest records before they are parsed; an altered file refuses
to load.

Loads once, lazily, under a lock (a worker's first English comment, or ``load()`` at start).
One session thread: Majlis runs one assessment worker per core. A batch is cut into word
pieces in one call; the graph then reads each comment on its own, unpadded: dynamic int8
quantises a call's activations with one scale for the whole call, so batch-mates would move a
comment's probabilities (by up to 0.16, measured), and a comment must score the same in a
batch of the worker as alone on the desk.

    load().predict(["you are an idiot"])  # {"toxicity": array([0.97]), ...}
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from majlis.moderation.classifiers import ArtifactError, _manifest

__all__ = ["MAX_LENGTH", "MODEL_NAME", "TransformerClassifier", "available", "load"]

ARTIFACTS = Path(__file__).resolve().parent / "build"
MODEL_NAME = "offensive-en-minilm"
#: Word pieces read per comment, [CLS] and [SEP] included (what the model was trained on).
MAX_LENGTH = 96


def _verified(path: Path, expected: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArtifactError(f"{path.name}: {error}") from error
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected:
        raise ArtifactError(
            f"{path.name}: sha256 {digest} does not match the manifest's {expected}; "
            "refusing to load an altered model"
        )
    return data


@dataclass(frozen=True)
class TransformerClassifier:
    name: str
    version: str
    sha256: str
    heads: tuple[str, ...]
    session: object  # onnxruntime.InferenceSession
    tokenizer: object  # tokenizers.Tokenizer

    @classmethod
    def from_manifest(cls, directory: Path, entry: dict) -> TransformerClassifier:
        import onnxruntime
        from tokenizers import Tokenizer

        model = _verified(directory / entry["file"], entry["sha256"])
        vocabulary = _verified(directory / entry["tokenizer"], entry["tokenizer_sha256"])
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_str(vocabulary.decode("utf-8"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_LENGTH)
        return cls(
            MODEL_NAME,
            str(entry["version"]),
            entry["sha256"],
            tuple(entry["heads"]),
            session,
            tokenizer,
        )

    def predict(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Per head, the probability of each text."""
        out = np.zeros((len(texts), len(self.heads)), dtype=np.float64)
        if not len(texts):
            return {head: out[:, h] for h, head in enumerate(self.heads)}
        for i, encoding in enumerate(self.tokenizer.encode_batch(list(texts))):
            input_ids = np.asarray([encoding.ids], dtype=np.int64)
            (probabilities,) = self.session.run(
                None, {"input_ids": input_ids, "attention_mask": np.ones_like(input_ids)}
            )
            out[i] = probabilities[0]
        return {head: out[:, h] for h, head in enumerate(self.heads)}


_lock = threading.Lock()
_loaded: dict[Path, TransformerClassifier] = {}


def _entry(directory: Path) -> dict | None:
    return _manifest(directory).get(MODEL_NAME)


def available(directory: Path | None = None) -> bool:
    """Whether the manifest lists the transformer (without loading it)."""
    return _entry(directory or ARTIFACTS) is not None


def load(directory: Path | None = None, *, fresh: bool = False) -> TransformerClassifier:
    """The transformer, loaded and verified once per process (``fresh``: read it again)."""
    folder = directory or ARTIFACTS
    model = None if fresh else _loaded.get(folder)
    if model is not None:
        return model
    with _lock:
        model = None if fresh else _loaded.get(folder)
        if model is None:
            entry = _entry(folder)
            if entry is None:
                raise ArtifactError(f"{MODEL_NAME} is not in the classifier manifest")
            model = TransformerClassifier.from_manifest(folder, entry)
            _loaded[folder] = model
    return model
