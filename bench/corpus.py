"""A deterministic generator of realistic tfhelp records, for benchmarks at any corpus size.

Each record comes from a message family (a TF/Keras-like wording with slots) and a choice of
"specific" slot values (an op, a layer, an API...) that make it distinct from its neighbours;
numbers and shapes vary freely. Regexes are literal-rich and take the shapes record authors
write: the specific values with some wording around them joined by `.*`, the first words of the
message then `.*`, the whole wording with `\\d+` for numbers, an alternation for an older
wording, or the exception type first. Titles, causes and workarounds come in English and Chinese;
workarounds are picked by topic, so a word like `while_loop` is common only where it belongs.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from math import prod
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEED_RECORD = REPO.parent / "shared" / "seeds"
DEADENDS_CANONS = REPO.parent / "shared" / "corpora" / "deadends" / "canons"
SEED = 20261122
CHECK_EVERY = 25  # every 25th regex is checked here; run.py checks self-matches at scale

OPS = (
    "MatMul BatchMatMulV2 Conv2D Conv2DBackpropInput DepthwiseConv2dNative Reshape ConcatV2 "
    "GatherV2 ScatterNd StridedSlice Transpose BiasAdd Softmax "
    "SparseSoftmaxCrossEntropyWithLogits Cast Pack Tile Pad Slice SplitV Squeeze ExpandDims "
    "Mean Sum ArgMax OneHot ResizeBilinear MaxPool AvgPool FusedBatchNormV3 CudnnRNN "
    "TensorListGetItem TensorListSetItem TensorArrayV3 TensorArrayReadV3 TensorArrayWriteV3 "
    "While StatelessWhile StatelessIf PartitionedCall StatefulPartitionedCall ReadVariableOp "
    "AssignVariableOp ResourceApplyAdam ResourceGather IteratorGetNext ParseExampleV2 "
    "DecodeJpeg StringToNumber Einsum SelectV2 Where StatelessRandomNormalV2 Range Fill "
    "BroadcastTo AddV2 Mul RealDiv FloorMod SquaredDifference _MklMatMul _MklConv2D"
).split()
LAYERS = (
    "dense conv2d conv1d lstm gru embedding batch_normalization layer_normalization "
    "multi_head_attention dropout flatten reshape max_pooling2d global_average_pooling2d "
    "simple_rnn bidirectional time_distributed concatenate dense_1 conv2d_transpose "
    "depthwise_conv2d separable_conv2d text_vectorization normalization string_lookup "
    "integer_lookup rescaling resizing random_flip lambda masking attention up_sampling2d "
    "zero_padding2d conv3d prelu"
).split()
APIS = (
    "tf.while_loop tf.map_fn tf.scan tf.foldl tf.cond tf.switch_case tf.vectorized_map "
    "tf.py_function tf.numpy_function tf.data.Dataset.map tf.data.Dataset.from_generator "
    "tf.data.Dataset.batch tf.data.Dataset.interleave tf.GradientTape.gradient "
    "tf.GradientTape.jacobian tf.GradientTape.batch_jacobian tf.custom_gradient "
    "tf.TensorArray.write tf.TensorArray.stack tf.Variable.assign tf.saved_model.save "
    "tf.saved_model.load tf.train.Checkpoint.restore tf.train.CheckpointManager.save "
    "tf.distribute.MirroredStrategy.run keras.Model.fit keras.Model.predict keras.Model.save "
    "tf.function tf.ensure_shape tf.debugging.assert_equal tf.io.parse_single_example "
    "tf.image.resize tf.nn.ctc_loss tf.signal.stft tf.lite.TFLiteConverter.convert "
    "tf.sparse.to_dense tf.ragged.constant"
).split()
DTYPES = (
    "float32 float64 float16 bfloat16 int32 int64 int8 uint8 string bool complex64 resource variant"
).split()
ATTRS = (
    "numpy assign assign_add _keras_history item tolist append op graph eval ref experimental_ref "
    "ragged_rank to_list lower decode _shape_tuple handle shape_as_list"
).split()
OBJECTS = (
    "Tensor SymbolicTensor EagerTensor KerasTensor ResourceVariable UninitializedVariable "
    "RaggedTensor SparseTensor TensorArray _MapDataset _BatchDataset Functional Sequential "
    "Checkpoint NoneType MirroredVariable TensorShape"
).split()
ARGS = (
    "inputs x y labels logits indices updates perm axis shape begin size multiples paddings "
    "filter strides weights sample_weight mask training initial_state"
).split()
OPTIMIZERS = "Adam SGD RMSprop Adagrad AdamW Nadam Adadelta Ftrl Lion Adafactor".split()
DEVICES = ("CPU:0", "GPU:0", "GPU:1", "TPU:0")

# Variable slots: (how a value is drawn, the regex that stands for any value).
_VARIABLE: dict[str, str] = {
    "n": r"\d+",
    "m": r"\d+",
    "k": r"-?\d+",
    "shape": r"\[[\d,\s]*\]",
    "shape2": r"\[[\d,\s]*\]",
    "pshape": r"\([\w,\s]*\)",
    "path": r"\S+",
    "node": r"[\w/]+",
    "dev": r"\S+",
}
_SPECIFIC: dict[str, tuple[str, ...]] = {
    "op": tuple(OPS),
    "op2": tuple(OPS[::3]),
    "layer": tuple(LAYERS),
    "api": tuple(APIS),
    "dtype": tuple(DTYPES),
    "dtype2": tuple(DTYPES[:8]),
    "attr": tuple(ATTRS),
    "obj": tuple(OBJECTS),
    "arg": tuple(ARGS),
    "opt": tuple(OPTIMIZERS),
}
_SLOT = re.compile(r"\{(\w+)\}")
_SPECIAL = re.compile(r"([.^$*+?{}\[\]\\|()])")


@dataclass(frozen=True)
class Family:
    """A message wording with slots, and what records of this kind say about it."""

    key: str
    types: tuple[str, ...]
    template: str
    tags: tuple[str, ...]
    title: str
    title_zh: str
    cause: str
    cause_zh: str
    old: tuple[str, str] | None = None  # (current words, older words) for aliases


FAMILIES: tuple[Family, ...] = (
    Family(
        "matmul-size",
        ("InvalidArgumentError",),
        "{{function_node __wrapped__{op}_device_/job:localhost/replica:0/task:0/device:{dev}}}"
        " Matrix size-incompatible: In[0]: {shape}, In[1]: {shape2} [Op:{op}]",
        ("matmul", "shape"),
        "{op}: matrix sizes do not fit",
        "{op}：矩阵尺寸不匹配",
        "The inner dimensions of the two operands of {op} differ.",
        "{op} 两个操作数的内维不同。",
    ),
    Family(
        "dims-equal",
        ("ValueError",),
        "Dimensions must be equal, but are {n} and {m} for '{{node {op}}} = {op}[T=DT_FLOAT]"
        "(x, y)' with input shapes: {shape}, {shape2}.",
        ("tf.function", "shape"),
        "{op} traced with unequal dimensions",
        "{op} 跟踪时维度不相等",
        "While tracing, the static shapes given to {op} disagree.",
        "跟踪时传给 {op} 的静态形状不一致。",
    ),
    Family(
        "symbolic-attr",
        ("AttributeError",),
        "'{obj}' object has no attribute '{attr}'",
        ("tf.function", "eager"),
        "{obj} has no attribute {attr}",
        "{obj} 没有属性 {attr}",
        "Inside a traced function a {obj} is symbolic and has no {attr}.",
        "在跟踪的函数里 {obj} 是符号张量，没有 {attr}。",
        ("object has no attribute", "has no attribute"),
    ),
    Family(
        "input-incompatible",
        ("ValueError",),
        "Input {n} of layer '{layer}' is incompatible with the layer: expected axis -1 of input "
        "shape to have value {m}, but received input with shape {pshape}",
        ("keras", "input_shape"),
        "Layer {layer}: input shape does not fit",
        "层 {layer} 的输入形状不匹配",
        "The last axis of the input differs from what {layer} was built for.",
        "输入的最后一维与 {layer} 构建时的不同。",
    ),
    Family(
        "ndim",
        ("ValueError",),
        'Input {n} of layer "{layer}" is incompatible with the layer: expected ndim={m}, '
        "found ndim={k}. Full shape received: {pshape}",
        ("keras", "ndim"),
        "Layer {layer}: wrong number of dimensions",
        "层 {layer}：维数错误",
        "{layer} expects inputs of a fixed rank.",
        "{layer} 需要固定秩的输入。",
    ),
    Family(
        "non-persistent",
        ("RuntimeError",),
        "A non-persistent GradientTape can only be used to compute one set of gradients (or "
        "jacobians) in {api}",
        ("gradienttape", "gradient", "persistent"),
        "GradientTape reused after {api}",
        "GradientTape 在 {api} 后被重复使用",
        "A tape releases its resources after the first gradient call.",
        "梯度磁带在第一次求梯度后释放资源。",
    ),
    Family(
        "singleton-var",
        ("ValueError",),
        "{api} only supports singleton tf.Variables created on the first call of {layer}. Make "
        "sure the tf.Variable is only created once or created outside tf.function.",
        ("tf.function", "variable"),
        "Variable created on every call of {layer}",
        "{layer} 每次调用都创建变量",
        "A tf.function may create variables only on its first trace.",
        "tf.function 只能在第一次跟踪时创建变量。",
    ),
    Family(
        "reshape",
        ("InvalidArgumentError",),
        "Input to reshape is a tensor with {n} values, but the requested shape has {m} "
        "[Op:{op}] name: {node}",
        ("reshape", "shape"),
        "{op}: reshape size mismatch",
        "{op}：重塑元素数不符",
        "The number of elements cannot change in a reshape.",
        "重塑不能改变元素个数。",
    ),
    Family(
        "dtype",
        ("InvalidArgumentError", "TypeError"),
        "cannot compute {op} as input #{n}(zero-based) was expected to be a {dtype} tensor but "
        "is a {dtype2} tensor [Op:{op}]",
        ("dtype", "cast"),
        "{op}: {dtype2} given where {dtype} was expected",
        "{op}：需要 {dtype} 却得到 {dtype2}",
        "TensorFlow never casts operands implicitly.",
        "TensorFlow 不会隐式转换类型。",
    ),
    Family(
        "symbolic-bool",
        ("OperatorNotAllowedInGraphError", "TypeError"),
        "Using a symbolic `tf.Tensor` as a Python `bool` is not allowed in {api}: AutoGraph did "
        "convert this function. This might indicate you are trying to use an unsupported feature.",
        ("autograph", "tf.function", "bool"),
        "Tensor used as a bool in {api}",
        "在 {api} 中把张量当作布尔值",
        "Python control flow on a tensor needs AutoGraph.",
        "对张量的 Python 控制流需要 AutoGraph。",
        ("symbolic `tf.Tensor`", "symbolic Tensor"),
    ),
    Family(
        "to-numpy",
        ("NotImplementedError",),
        "Cannot convert a symbolic tf.Tensor ({node}:0) to a numpy array in {api}. This error "
        "may indicate that you're trying to pass a Tensor to a NumPy call, which is not supported.",
        ("numpy", "symbolic", "rnn"),
        "Symbolic tensor passed to NumPy in {api}",
        "在 {api} 中把符号张量传给 NumPy",
        "NumPy needs concrete values; traced tensors have none.",
        "NumPy 需要具体值，跟踪中的张量没有。",
        ("symbolic tf.Tensor", "symbolic Tensor"),
    ),
    Family(
        "while-invariant",
        ("ValueError",),
        "Input tensor '{arg}' enters the loop with shape {pshape}, but has shape {pshape} after "
        "one iteration of {api}. To allow the shape to vary across iterations, use the "
        "`shape_invariants` argument of tf.while_loop to specify a less-specific shape.",
        ("while_loop", "shape_invariants", "loop"),
        "{arg} changes shape inside {api}",
        "{arg} 在 {api} 循环中改变形状",
        "Loop variables keep their shape unless a shape invariant relaxes it.",
        "循环变量必须保持形状，除非用 shape_invariants 放宽。",
    ),
    Family(
        "oom",
        ("ResourceExhaustedError",),
        "OOM when allocating tensor with shape{shape} and type {dtype} on /job:localhost/"
        "replica:0/task:0/device:{dev} by allocator GPU_0_bfc [[{{node {op}}}]]",
        ("oom", "memory", "gpu"),
        "Out of memory in {op} ({dtype})",
        "{op} 内存不足（{dtype}）",
        "The allocator could not find room for the tensor.",
        "分配器没有足够内存放下该张量。",
    ),
    Family(
        "tensorarray-read",
        ("OutOfRangeError", "InvalidArgumentError"),
        "Tried to read from index {n} but array size is: {m} in {api} [Op:{op}]",
        ("tensorarray", "while_loop", "index"),
        "TensorArray read out of range in {api}",
        "{api} 中 TensorArray 越界读取",
        "The index is beyond the TensorArray size.",
        "索引超出 TensorArray 的大小。",
    ),
    Family(
        "none-gradient",
        ("ValueError",),
        "No gradients provided for any variable: ({arg}, {layer}/kernel:0). Provided "
        "`grads_and_vars` is (None, <tf.Variable '{layer}/kernel:0'>) for optimizer {opt}",
        ("gradient", "optimizer", "gradienttape"),
        "{opt}: no gradient for {layer}",
        "{opt}：{layer} 没有梯度",
        "The loss does not depend on the variables the optimizer updates.",
        "损失不依赖于优化器更新的变量，梯度为 None。",
    ),
    Family(
        "optimizer-var",
        ("ValueError", "KeyError"),
        "Unknown variable: <tf.Variable '{layer}/{arg}:0' shape={pshape} dtype={dtype}>. This "
        "optimizer ({opt}) can only be called for the variables it was originally built with.",
        ("optimizer", "variable"),
        "{opt} called with a new variable of {layer}",
        "{opt} 收到 {layer} 的新变量",
        "An optimizer builds its slots for a fixed set of variables.",
        "优化器为固定的变量集合建立槽。",
    ),
    Family(
        "checkpoint",
        ("NotFoundError", "AssertionError"),
        "Unsuccessful TensorSliceReader constructor: Failed to find any matching files for "
        "{path} while running {api} on {layer}",
        ("checkpoint", "restore", "save"),
        "{api}: checkpoint files for {layer} not found",
        "{api}：找不到 {layer} 的检查点文件",
        "The checkpoint prefix points at no files.",
        "检查点前缀没有对应的文件。",
    ),
    Family(
        "graph-exec",
        ("InvalidArgumentError",),
        "Graph execution error:\n\nDetected at node {node}/{op} defined at (most recent call "
        'last):\n  File "{path}", line {n}, in train_step\n\nReceived a label value of {m} '
        "which is outside the valid range of [0, {k}).  Label values: {n}\n\t [[{{node {op}}}]]",
        ("fit", "labels", "sparse_categorical_crossentropy"),
        "{op}: label out of range",
        "{op}：标签超出范围",
        "A sparse label is not smaller than the number of classes.",
        "稀疏标签不小于类别数。",
    ),
    Family(
        "py-function",
        ("InvalidArgumentError", "UnknownError"),
        "{obj} object is not callable: Error in {api} while calling {op}. Traceback (most "
        "recent call last): TypeError: 'NoneType' object is not callable [[{{node {op}}}]]",
        ("py_function", "dataset"),
        "{api}: python callable failed in {op}",
        "{api}：{op} 中的 Python 函数失败",
        "The Python function wrapped by {api} raised.",
        "{api} 包装的 Python 函数抛出了异常。",
    ),
    Family(
        "dataset-shape",
        ("ValueError", "TypeError"),
        "Cannot batch tensors with different shapes in component {n}. First element had shape "
        "{shape} and element {m} had shape {shape2}. (in {api}, {dtype})",
        ("dataset", "batch", "padded_batch"),
        "{api}: elements of different shapes ({dtype})",
        "{api}：元素形状不同（{dtype}）",
        "Batching needs equal shapes; padded_batch pads them.",
        "批处理要求形状相同，可用 padded_batch。",
    ),
    Family(
        "saved-model",
        ("ValueError",),
        "Unable to save function b'__inference_{op}_{n}' because it captures graph tensor "
        'Tensor("{layer}/{arg}:0", shape={pshape}, dtype={dtype}) from a parent function',
        ("saved_model", "export"),
        "{layer}: captured graph tensor blocks saving",
        "{layer}：捕获的图张量阻止保存",
        "A function captured a tensor from an outer graph.",
        "函数从外层图捕获了张量。",
    ),
    Family(
        "rank",
        ("InvalidArgumentError", "ValueError"),
        "Shape must be rank {n} but is rank {m} for '{{node {op}}} = {op}[T=DT_{dtype}]' "
        "with input shapes: {shape}, {shape2}.",
        ("rank", "shape"),
        "{op}: rank {dtype} mismatch",
        "{op}：秩不匹配（{dtype}）",
        "{op} accepts inputs of one rank only.",
        "{op} 只接受固定秩的输入。",
    ),
    Family(
        "jacobian",
        ("ValueError", "InvalidArgumentError"),
        "Cannot compute jacobian of {arg} with respect to {layer}: the target is not a "
        "function of the source inside {api} (experimental_use_pfor with {op})",
        ("jacobian", "gradienttape", "gradient", "per-step"),
        "{api}: jacobian of {arg}",
        "{api}：对 {arg} 求雅可比",
        "Per-step gradients need every step kept on the tape.",
        "逐步梯度需要把每一步都记录在磁带上。",
    ),
    Family(
        "distribute",
        ("ValueError", "RuntimeError"),
        "Trying to create optimizer slot variable under the scope for {api}, which is different "
        "from the scope used for the original variable <tf.Variable '{layer}/{arg}:0' "
        "shape={pshape} dtype={dtype}>",
        ("distribute", "strategy", "scope"),
        "{api}: variable of {layer} outside the scope",
        "{api}：{layer} 的变量不在作用域内",
        "Variables and optimizer must be created under the same strategy scope.",
        "变量和优化器必须在同一个策略作用域中创建。",
    ),
    Family(
        "convert",
        ("ValueError", "TypeError"),
        "Attempt to convert a value ({obj}) with an unsupported type (<class '{obj}'>) to a "
        "Tensor in {api} for argument '{arg}' of {op}.",
        ("convert_to_tensor", "dtype"),
        "{op}: {obj} cannot become a tensor",
        "{op}：{obj} 不能转换成张量",
        "Only numbers, arrays and nested lists convert to tensors.",
        "只有数字、数组和嵌套列表能转换成张量。",
    ),
)


def _fill(template: str, values: dict[str, str]) -> str:
    return _SLOT.sub(lambda m: values[m.group(1)], template)


def _lit(text: str) -> str:
    """Escape regex syntax only (authors write spaces and quotes as they are)."""
    return _SPECIAL.sub(r"\\\1", text)


def _head(text: str, size: int) -> str:
    """At most `size` leading characters, cut at a space when one is near."""
    if len(text) <= size:
        return text
    cut = text.rfind(" ", size // 2, size)
    return text[: cut if cut > 0 else size]


def _tail(text: str, size: int) -> str:
    """At most `size` trailing characters, cut at a space when one is near."""
    if len(text) <= size:
        return text
    cut = text.find(" ", len(text) - size, len(text) - size // 2)
    return text[cut + 1 if cut >= 0 else len(text) - size :]


def _pieces(template: str) -> list[tuple[str, str]]:
    """The template as ('lit', text) and ('slot', name) pieces, alternating."""
    pieces: list[tuple[str, str]] = []
    pos = 0
    for m in _SLOT.finditer(template):
        pieces.append(("lit", template[pos : m.start()]))
        pieces.append(("slot", m.group(1)))
        pos = m.end()
    pieces.append(("lit", template[pos:]))
    return pieces


def _core(pieces: list[tuple[str, str]], values: dict[str, str], window: int) -> str:
    """The specific values with up to `window` characters of wording on each side, in order;
    pieces left out become `.*` gaps."""
    modes: dict[int, str] = {}
    for i, (kind, name) in enumerate(pieces):
        if kind == "slot" and name in _SPECIFIC:
            modes[i] = "value"
            for j, side in ((i - 1, "tail"), (i + 1, "head")):
                if 0 <= j < len(pieces) and pieces[j][0] == "lit":
                    modes[j] = "whole" if modes.get(j, side) != side else side
    segments: list[str] = []
    current = ""
    for i, (_kind, text) in enumerate(pieces):
        mode = modes.get(i)
        if mode is None:
            if current:
                segments.append(current)
            current = ""
        elif mode == "value":
            current += _lit(values[text])
        elif mode == "whole":
            current += _lit(text)
        elif mode == "tail":
            if current:
                segments.append(current)
            current = _lit(_tail(text, window))
        else:
            head = _head(text, window)
            current += _lit(head)
            if len(head) < len(text):
                segments.append(current)
                current = ""
    if current:
        segments.append(current)
    return ".*".join(segments)


def _regex_for(template: str, values: dict[str, str], style: str, family: Family) -> str:
    """A regex for the message in one of the shapes record authors write."""
    pieces = _pieces(template)
    if style == "full" and 'File "' not in template:
        # (tfhelp drops frame lines from a message before matching, so a regex that spells one
        # out could never match: record authors leave them out, and so does the generator.)
        return "".join(
            _lit(text) if kind == "lit" else _VARIABLE.get(text) or _lit(values[text])
            for kind, text in pieces
        )
    core = _core(pieces, values, window=28)
    if style == "alt" and family.old is not None:
        new, old = (_lit(w) for w in family.old)
        if new in core:
            return core.replace(new, f"(?:{new}|{old})", 1)
    if style == "gap" and pieces[0][1] and pieces[1][1] not in _SPECIFIC:
        return f"{_lit(_head(pieces[0][1], 36))}.*{core}"
    if style == "typed":
        return f"(?:{'|'.join(family.types)}): .*{core}"
    return core


def _specific_slots(template: str) -> list[str]:
    return list(dict.fromkeys(n for n in _SLOT.findall(template) if n in _SPECIFIC))


def _variable_value(name: str, rng: random.Random) -> str:
    if name in ("n", "m"):
        return str(rng.choice((1, 2, 3, 4, 5, 8, 16, 32, 64, 128, 256, 512, 1024)))
    if name == "k":
        return str(rng.randint(-3, 12))
    if name in ("shape", "shape2"):
        dims = [str(rng.choice((1, 2, 3, 8, 32, 64, 128))) for _ in range(rng.randint(1, 4))]
        return "[" + ",".join(dims) + "]"
    if name == "pshape":
        dims = [rng.choice(("None", "1", "3", "28", "64", "128")) for _ in range(rng.randint(1, 4))]
        return "(" + ", ".join(dims) + ("," if len(dims) == 1 else "") + ")"
    if name == "path":
        return f"/tmp/run_{rng.randint(1, 999)}/ckpt-{rng.randint(1, 60)}"
    if name == "node":
        return rng.choice(("sequential", "model", "while", "train_step", "cond")) + (
            f"/{rng.choice(LAYERS)}_{rng.randint(1, 9)}"
        )
    if name == "dev":
        return rng.choice(DEVICES)
    raise KeyError(name)


class _Combos:
    """Distinct random choices of a family's specific slot values, drawn on demand."""

    def __init__(self, family: Family, rng: random.Random) -> None:
        self.slots = _specific_slots(family.template + family.title)
        self.total = prod(len(_SPECIFIC[s]) for s in self.slots)
        self._rng = rng
        self._seen: set[tuple[str, ...]] = set()

    def draw(self) -> dict[str, str] | None:
        """A combination not drawn before; None when all of them have been."""
        if len(self._seen) >= self.total:
            return None
        while True:
            combo = tuple(self._rng.choice(_SPECIFIC[s]) for s in self.slots)
            if combo not in self._seen:
                self._seen.add(combo)
                return dict(zip(self.slots, combo, strict=True))


# (topics, action, action_zh, how): a record gets the ones whose topics meet its tags.
_WORKAROUNDS: tuple[tuple[frozenset[str], str, str, str], ...] = tuple(
    (frozenset(topics.split()), action, action_zh, how)
    for topics, action, action_zh, how in (
        (
            "shape matmul reshape rank ndim input_shape batch padded_batch labels",
            "Print the shapes just before the failing call",
            "在出错调用前打印形状",
            "Add tf.print(tf.shape(x)) or print(x.shape) right before {what}.",
        ),
        (
            "tf.function eager numpy symbolic autograph bool rnn",
            "Move the Python-side work out of the traced function",
            "把 Python 端的工作移出跟踪函数",
            "Compute it eagerly before calling {what}, or use tf.py_function.",
        ),
        (
            "dtype cast convert_to_tensor",
            "Cast the operands to one dtype",
            "把操作数转换成同一种类型",
            "Use tf.cast before {what}.",
        ),
        (
            "variable optimizer tf.function scope strategy distribute",
            "Create variables once, outside the function",
            "在函数外只创建一次变量",
            "Build them in __init__ or on the first call of {what}, guarded by a None check.",
        ),
        (
            "gradienttape persistent gradient",
            "Use a persistent tape or record a new one",
            "使用持久磁带或重新记录",
            "tf.GradientTape(persistent=True) lets {what} compute several gradients; del it after.",
        ),
        (
            "while_loop loop shape_invariants",
            "Declare a shape invariant",
            "声明形状不变量",
            "Pass shape_invariants to tf.while_loop, with None for the axis that grows in {what}.",
        ),
        (
            "oom memory gpu",
            "Lower the batch size or enable memory growth",
            "减小批大小或开启显存按需增长",
            "tf.config.experimental.set_memory_growth(gpu, True) before {what}; halve the batch.",
        ),
        (
            "jacobian per-step tensorarray",
            "Keep per-step values and take the jacobian",
            "保存每步的值再求雅可比",
            "Write each step into a TensorArray, stack it, then tape.jacobian(steps, w) in {what}.",
        ),
        (
            "checkpoint restore save saved_model export",
            "Point the loader at the checkpoint prefix",
            "把加载路径指向检查点前缀",
            "Use tf.train.latest_checkpoint(dir) and pass its result to {what}.",
        ),
        (
            "dataset py_function fit index",
            "Check the input pipeline on one batch",
            "先用一个批次检查输入管道",
            "Take one element with next(iter(ds)) and inspect it before {what}.",
        ),
    )
)
_GENERIC_WORKAROUNDS = (
    (
        "Reduce the failing call to a few lines",
        "把出错的调用缩减到几行",
        "Copy the call to {what} with constant inputs into a new cell until it fails alone.",
    ),
    (
        "Read the innermost error first",
        "先看最里层的错误",
        "The last indented error under 'in user code:' names the line in {what} that failed.",
    ),
)
_DEAD_ENDS = (
    (
        "Restart the kernel",
        "重启内核",
        "The same code raises the same error again.",
        "同样的代码会再次报同样的错。",
    ),
    (
        "Upgrade TensorFlow",
        "升级 TensorFlow",
        "The message is the same on every 2.x release.",
        "所有 2.x 版本的报错都一样。",
    ),
    (
        "Wrap the call in try/except",
        "用 try/except 包住调用",
        "It hides the error; the result is still wrong.",
        "它只是隐藏错误，结果仍然不对。",
    ),
    (
        "Add more GPU memory",
        "增加显存",
        "The problem is the program, not the memory.",
        "问题在程序，不在内存。",
    ),
)


def generate(count: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """`count` distinct records, the same ones (in the same order) for the same seed."""
    rng = random.Random(seed)
    pools = [(family, _Combos(family, rng)) for family in FAMILIES]
    made = 0
    seen: set[str] = set()
    while made < count:
        progressed = False
        for family, combos in pools:
            values = combos.draw() if made < count else None
            if values is None:
                continue
            progressed = True
            record = _record(family, values, made, rng)
            if record["id"] in seen:
                raise AssertionError(f"two generated records share the id {record['id']}")
            seen.add(record["id"])
            yield record
            made += 1
        if not progressed:
            raise ValueError(f"the families hold fewer than {count} distinct records")


def _record(
    family: Family, specific: dict[str, str], number: int, rng: random.Random
) -> dict[str, Any]:
    values = dict(specific)
    for name in set(_SLOT.findall(family.template)) - values.keys():
        values[name] = _variable_value(name, rng)
    message = _fill(family.template, values)
    etype = family.types[0]
    style = rng.choices(("core", "gap", "full", "alt", "typed"), weights=(5, 3, 1, 1, 1))[0]
    regex = _regex_for(family.template, values, style, family)
    headline = f"{etype}: {message}"
    if number % CHECK_EVERY == 0 and not re.search(regex, headline, re.IGNORECASE | re.DOTALL):
        raise AssertionError(f"generated regex does not match its message: {regex!r}")
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", v.lower()).strip("-") for v in specific.values())
    what = next(iter(specific.values()), family.key)
    aliases: list[str] = []
    if family.old is not None and family.old[0] in message and rng.random() < 0.7:
        aliases.append(message.replace(family.old[0], family.old[1], 1)[:160])
    aliases = [a for a in aliases if len(a) >= 12]
    workarounds = []
    topical = [(a, a_zh, how) for topics, a, a_zh, how in _WORKAROUNDS if topics & set(family.tags)]
    pool = topical + list(_GENERIC_WORKAROUNDS)
    for action, action_zh, how in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
        workarounds.append(
            {
                "action": action,
                "action_zh": action_zh,
                "how": how.format(what=what),
                "how_zh": f"{action_zh}（{what}）。",
                "success_rate": round(rng.uniform(0.5, 0.95), 2),
            }
        )
    dead_ends = [
        {
            "action": a,
            "action_zh": a_zh,
            "why_fails": w,
            "why_fails_zh": w_zh,
            "fail_rate": round(rng.uniform(0.6, 0.95), 2),
        }
        for a, a_zh, w, w_zh in rng.sample(_DEAD_ENDS, rng.randint(0, 2))
    ]
    tags = sorted({*family.tags, *(v.lower() for k, v in specific.items() if k in ("api", "op"))})
    return {
        "id": f"gen/{family.key}-{slug}",
        "signature": headline,
        "signature_zh": f"{etype}：{_fill(family.title_zh, values)}",
        "regex": regex,
        "domain": "tensorflow",
        "category": "runtime_error",
        "root_cause": _fill(family.cause, values),
        "root_cause_zh": _fill(family.cause_zh, values),
        "title": _fill(family.title, values),
        "title_zh": _fill(family.title_zh, values),
        "exception_types": list(family.types),
        "aliases": aliases,
        "tags": tags,
        "workarounds": workarounds,
        "dead_ends": dead_ends,
        "explanation": f"{_fill(family.cause, values)} It shows up around {what}.",
        "explanation_zh": f"{_fill(family.cause_zh, values)} 常见于 {what}。",
        "versions": [{"version": "tensorflow 2.21.0", "status": "active"}],
        "verification_tier": "unverified",
        "confidence": round(rng.uniform(0.4, 0.9), 2),
        "fix_success_rate": round(rng.uniform(0.5, 0.9), 2),
        "evidence_count": rng.randint(0, 40),
    }


def real_record_files() -> list[Path]:
    """The project's own records (records/*.json) and the seed record from shared/seeds."""
    files = sorted(
        p for p in (REPO / "records").glob("*.json") if not p.name.endswith(".schema.json")
    )
    files.extend(seed_record_files())
    return files


def seed_record_files() -> list[Path]:
    """The seed record (shared/seeds/000_*.txt holds one record in the seed format), unless
    records/ already holds a record with its id."""
    ours = set()
    for path in (REPO / "records").glob("*.json"):
        try:
            ours.add(json.loads(path.read_text(encoding="utf-8")).get("id"))
        except (ValueError, AttributeError):
            continue
    seeds = []
    for path in sorted(SEED_RECORD.glob("000_*.txt")):
        if json.loads(path.read_text(encoding="utf-8")).get("id") not in ours:
            seeds.append(path)
    return seeds


def write_corpus(target: Path, total: int) -> int:
    """Fill `target` with the seed record plus generated records, `total` in all; returns how
    many were generated."""
    target.mkdir(parents=True, exist_ok=True)
    seeds = seed_record_files()
    for path in seeds:
        shutil.copyfile(path, target / (path.stem + ".json"))
    wanted = max(total - len(seeds), 0)
    folder = target / "gen"
    folder.mkdir(exist_ok=True)
    for record in generate(wanted):
        name = record["id"].split("/", 1)[1] + ".json"
        (folder / name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return wanted
