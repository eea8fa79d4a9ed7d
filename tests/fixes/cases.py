"""Proof cases of the fixes records declare: cells as users write them, and what the fixed cell
must then compute.

Each record with `fixes` has: a check for its reproducer (`REPRODUCER_CHECKS`), at least two
variants (other names, the mistake inside a function or a class, code around it that must stay
as it was), and one cell that raises the same error where the fixer does not apply (no fix).
A check runs after the fixed cell, in its namespace; `_` is the value of the cell's last
expression, as a notebook shows it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    """One cell: it raises the record's error; fixed, it runs and `check` holds."""

    record_id: str
    name: str
    code: str
    check: str = ""
    applies: bool = True  # False: the fixer must not offer a fix for this cell

    @property
    def id(self) -> str:
        return f"{self.record_id.split('/', 1)[1]}:{self.name}"


REPRODUCER_CHECKS: dict[str, str] = {}
CASES: list[Case] = []


def record(record_id: str, reproducer_check: str, *cases: Case) -> None:
    REPRODUCER_CHECKS[record_id] = reproducer_check
    CASES.extend(cases)


def case(record_id: str, name: str, code: str, check: str = "") -> Case:
    return Case(record_id, name, code, check)


def not_applicable(record_id: str, code: str) -> Case:
    return Case(record_id, "not-applicable", code, applies=False)


R = "tensorflow/gradienttape-non-persistent-reused"
record(
    R,
    "assert float(grad_w) == 28.0 and float(grad_b) == 14.0",
    case(
        R,
        "in-a-function",
        """import tensorflow as tf

def both_grads(alpha, beta):
    with tf.GradientTape(watch_accessed_variables=False) as g:
        g.watch([alpha, beta])
        out = alpha * beta + alpha ** 2
    d_alpha = g.gradient(out, alpha)
    d_beta = g.gradient(out, beta)
    return d_alpha, d_beta

da, db = both_grads(tf.constant(2.0), tf.constant(5.0))
""",
        "assert float(da) == 9.0 and float(db) == 2.0",
    ),
    case(
        R,
        "in-a-class",
        """import tensorflow as tf
import keras

class Trainer:
    def __init__(self):
        self.model = keras.Sequential(
            [keras.Input((2,)), keras.layers.Dense(1, use_bias=False, kernel_initializer="ones")]
        )

    def grads(self, x):
        rec = tf.GradientTape()
        with rec:
            y = tf.reduce_sum(self.model(x))
            z = tf.reduce_sum(self.model(x) * 3.0)
        gy = rec.gradient(y, self.model.trainable_variables)
        gz = rec.gradient(z, self.model.trainable_variables)
        return gy, gz

gy, gz = Trainer().grads(tf.constant([[1.0, 2.0]]))
""",
        "assert gy[0].numpy().ravel().tolist() == [1.0, 2.0]\n"
        "assert gz[0].numpy().ravel().tolist() == [3.0, 6.0]",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

def recorder():
    return tf.GradientTape()

x = tf.Variable(2.0)
with recorder() as tape:
    y = x * x
tape.gradient(y, x)
tape.gradient(y, x)
""",
    ),
)

R = "tensorflow/jacobian-non-persistent-no-pfor"
record(
    R,
    "assert jac.numpy().tolist() == [[2.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 6.0]]",
    case(
        R,
        "in-a-function",
        """import tensorflow as tf

def sensitivities(params):
    with tf.GradientTape(watch_accessed_variables=True) as tp:
        tp.watch(params)
        pred = tf.sin(params) * 0.0 + params * 3.0
    return tp.jacobian(pred, params, experimental_use_pfor=False)

s = sensitivities(tf.constant([1.0, 2.0]))
""",
        "assert s.numpy().tolist() == [[3.0, 0.0], [0.0, 3.0]]",
    ),
    case(
        R,
        "batch-jacobian",
        """import tensorflow as tf

x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
tape_b = tf.GradientTape()
with tape_b:
    tape_b.watch(x)
    y = x * x
jb = tape_b.batch_jacobian(y, x, experimental_use_pfor=False)
""",
        "assert jb.shape == (2, 2, 2) and jb.numpy()[1].tolist() == [[6.0, 0.0], [0.0, 8.0]]",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

tapes = [tf.GradientTape()]
x = tf.Variable([1.0, 2.0])
with tapes[0] as t:
    y = x ** 2
jac = t.jacobian(y, x, experimental_use_pfor=False)
""",
    ),
)

R = "tensorflow/matmul-dtype-mismatch"
record(
    R,
    "assert _.dtype == tf.float32 and _.numpy().tolist() == [[3.0, 3.0], [3.0, 3.0]]\n"
    "assert w.dtype == tf.int32",
    case(
        R,
        "matmul-operator-in-a-function",
        """import numpy as np
import tensorflow as tf

features = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
counts = tf.constant([[1], [1], [1]])   # int32 from Python ints

def project(a, b):
    scale = 0.5  # stays as it is
    return scale * (a @ b)

out = project(features, counts)
""",
        "assert out.numpy().ravel().tolist() == [1.5, 6.0]",
    ),
    case(
        R,
        "addition",
        """import tensorflow as tf

x = tf.ones(3)
bias = tf.constant([1, 2, 3])
y = x + bias
""",
        "assert y.numpy().tolist() == [2.0, 3.0, 4.0]",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

x = tf.ones(3)
m = tf.constant([1, 2, 3])
y = tf.math.maximum(x, m)
""",
    ),
)

R = "tensorflow/op-dtype-not-allowed"
record(
    R,
    "assert encode(tf.constant([2.0, 0.0, 1.0])).numpy().argmax(1).tolist() == [2, 0, 1]",
    case(
        R,
        "gather",
        """import tensorflow as tf

table = tf.constant([[1.0], [2.0], [3.0]])
picks = tf.constant([2.0, 0.0])   # ids read as floats
rows = tf.gather(table, picks)
""",
        "assert rows.numpy().ravel().tolist() == [3.0, 1.0]",
    ),
    case(
        R,
        "embedding-in-a-class",
        """import tensorflow as tf

class Lookup:
    def __init__(self):
        self.table = tf.Variable([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])

    def __call__(self, ids):
        return tf.nn.embedding_lookup(self.table, ids)

vectors = Lookup()(tf.constant([1.0, 2.0]))
""",
        "assert vectors.numpy().tolist() == [[2.0, 3.0], [4.0, 5.0]]",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

def pick(*args):
    return tf.gather(*args)

pick(tf.constant([1.0, 2.0]), tf.constant([0.0]))
""",
    ),
)

R = "tensorflow/non-rectangular-sequence"
record(
    R,
    "assert x.row_lengths().numpy().tolist() == [3, 2] and x.values.numpy().tolist() == "
    "[5, 8, 2, 7, 1]",
    case(
        R,
        "in-a-function",
        """import tensorflow as tf

def encode(batch):
    lengths = [len(s) for s in batch]   # stays
    return tf.convert_to_tensor(batch), lengths

tokens, lengths = encode([[1, 2], [3], [4, 5, 6]])
""",
        "assert tokens.row_lengths().numpy().tolist() == lengths == [2, 1, 3]",
    ),
    case(
        R,
        "floats-with-dtype-line",
        """import tensorflow as tf

readings = [[0.5, 1.5], [2.5, 3.5, 4.5]]
t = tf.constant(readings)
""",
        "assert t.shape.as_list() == [2, None] and float(t.flat_values[-1]) == 4.5",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

make = tf.constant
x = make([[1, 2], [3]])
""",
    ),
)

R = "tensorflow/tf1-placeholder-removed"
record(
    R,
    "assert x.shape.as_list() == [None, 784] and x.dtype == tf.float32",
    case(
        R,
        "graph-and-session",
        """import numpy as np
import tensorflow as tf

inputs = tf.placeholder(tf.float32, [None, 2], name="inputs")
weights = tf.constant([[1.0], [2.0]])
scores = tf.matmul(inputs, weights)
with tf.compat.v1.Session() as sess:
    result = sess.run(scores, {inputs: np.ones((3, 2), np.float32)})
""",
        "assert result.ravel().tolist() == [3.0, 3.0, 3.0]",
    ),
    case(
        R,
        "inside-a-builder-function",
        """import tensorflow as tfv

def build(n_features):
    data = tfv.placeholder(tfv.float32, shape=(None, n_features))
    return data, tfv.reduce_sum(data, axis=1)

ph, total = build(4)
""",
        "assert ph.shape.as_list() == [None, 4] and total.shape.as_list() == [None]",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

name = "placeholder"
x = getattr(tf, name)(tf.float32, [None, 3])
""",
    ),
)

R = "tensorflow/tf1-placeholder-eager"
record(
    R,
    "assert x.shape.as_list() == [None, 2]\nassert not tf.executing_eagerly()",
    case(
        R,
        "session-run",
        """import numpy as np
import tensorflow as tf

a = tf.compat.v1.placeholder(tf.float32, [None])
doubled = a * 2.0
with tf.compat.v1.Session() as s:
    got = s.run(doubled, feed_dict={a: np.array([1.0, 2.0], np.float32)})
""",
        "assert got.tolist() == [2.0, 4.0]",
    ),
    case(
        R,
        "v1-alias",
        """import tensorflow.compat.v1 as tf1

labels = tf1.placeholder(tf1.int32, [None], name="labels")
one_hot = tf1.one_hot(labels, 3)
""",
        "assert one_hot.shape.as_list() == [None, 3]",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

x = tf.compat.v1.placeholder(tf.float32, [None, 2])
tf.compat.v1.disable_eager_execution()   # too late, and moving it is not for a fixer to guess
""",
    ),
)

R = "tensorflow/tensor-conversion-dtype"
record(
    R,
    "assert total.dtype == tf.float32 and float(total) == 1.5",
    case(
        R,
        "running-mean-in-a-class",
        """import tensorflow as tf

class Meter:
    def __init__(self):
        self.count = 0          # a Python counter, untouched
        self.acc = tf.Variable(0, trainable=False)

    def update(self, value):
        self.count += 1
        self.acc.assign_add(value)

m = Meter()
m.update(tf.constant(0.25))
""",
        "assert m.acc.dtype == tf.float32 and float(m.acc) == 0.25 and m.count == 1",
    ),
    case(
        R,
        "assign",
        """import tensorflow as tf

best = tf.Variable(0, name="best")
best.assign(tf.reduce_max(tf.constant([0.5, 2.5])))
""",
        "assert best.dtype == tf.float32 and float(best) == 2.5 and best.name == 'best:0'",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

variables = {"total": tf.Variable(0)}
variables["total"].assign_add(tf.constant(1.5))
""",
    ),
)

R = "tensorflow/concat-shape-mismatch"
record(
    R,
    "assert _.shape == (2, 7)",
    case(
        R,
        "positional-axis",
        """import tensorflow as tf

left = tf.zeros((4, 2))
right = tf.ones((4, 3))
merged = tf.concat([left, right], 0)
""",
        "assert merged.shape == (4, 5) and float(tf.reduce_sum(merged)) == 12.0",
    ),
    case(
        R,
        "in-a-function",
        """import tensorflow as tf

def with_features(images, extra):
    flat = tf.reshape(images, (2, -1))
    return tf.concat([flat, extra], axis=0)

out = with_features(tf.ones((2, 2, 2)), tf.zeros((2, 1)))
""",
        "assert out.shape == (2, 5)",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

parts = [tf.ones((2, 3)), tf.ones((2, 4))]
tf.stack(parts)
""",
    ),
)

R = "tensorflow/tensor-unhashable"
record(
    R,
    "assert scales[x.ref()] == 0.5",
    case(
        R,
        "lookups-later",
        """import tensorflow as tf

w1 = tf.Variable(1.0)
w2 = tf.Variable(2.0)
rates = {w1: 0.1, w2: 0.01}
for v in (w1, w2):
    v.assign_sub(rates[v] * v)
""",
        "assert abs(float(w1) - 0.9) < 1e-6 and abs(float(w2) - 1.98) < 1e-6",
    ),
    case(
        R,
        "set-and-membership",
        """import tensorflow as tf

a = tf.constant(1.0)
b = tf.constant(2.0)
seen = {a, b}
found = a in seen
""",
        "assert found and len(seen) == 2",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

x = tf.constant([1.0])
keys = dict.fromkeys([x], 0)
""",
    ),
)

R = "tensorflow/symbolic-tensor-iteration"
record(
    R,
    "assert float(span(tf.constant([1.0, 4.0]))) == 3.0",
    case(
        R,
        "three-way",
        """import tensorflow as tf

@tf.function
def mix(rgb):
    r, g, b = rgb
    return 0.5 * r + 0.25 * g + 0.25 * b

value = mix(tf.constant([4.0, 8.0, 16.0]))
""",
        "assert float(value) == 8.0",
    ),
    case(
        R,
        "method",
        """import tensorflow as tf

class Box:
    @tf.function
    def area(self, corners):
        (x0, x1) = corners
        return x1 - x0

width = Box().area(tf.constant([2.0, 7.0]))
""",
        "assert float(width) == 5.0",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

@tf.function
def total(xs):
    s = 0.0
    for v in iter(xs):
        s += v
    return s

total(tf.constant([1.0, 2.0]))
""",
    ),
)

R = "tensorflow/tensor-len"
record(
    R,
    "with tf.compat.v1.Session(graph=n.graph) as _s:\n    assert _s.run(n) == 3",
    case(
        R,
        "in-a-tf-function",
        """import tensorflow as tf

@tf.function(autograph=False, input_signature=[tf.TensorSpec([None], tf.float32)])
def mean(values):
    return tf.reduce_sum(values) / tf.cast(len(values), tf.float32)

m = mean(tf.constant([1.0, 2.0, 6.0]))
""",
        "assert float(m) == 3.0",
    ),
    case(
        R,
        "graph-builder",
        """import tensorflow as tf

def build():
    g = tf.Graph()
    with g.as_default():
        batch = tf.zeros([5, 3])
        half = len(batch) // 2
    return g, half

graph, half = build()
""",
        "with tf.compat.v1.Session(graph=graph) as s:\n    assert s.run(half) == 2",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

size = len

@tf.function(autograph=False, input_signature=[tf.TensorSpec([None], tf.float32)])
def count(values):
    return size(values)

count(tf.constant([1.0]))
""",
    ),
)

R = "tensorflow/tf1-set-random-seed"
record(
    R,
    "a = tf.random.uniform([2])\ntf.random.set_seed(0)\n"
    "assert (tf.random.uniform([2]) == a).numpy().all()",
    case(
        R,
        "alias-in-a-function",
        """import numpy as np
import tensorflow as T

def seed_everything(seed=7):
    np.random.seed(seed)
    T.set_random_seed(seed)
    return seed

used = seed_everything()
first = T.random.normal([3])
""",
        "T.random.set_seed(7)\nassert (T.random.normal([3]) == first).numpy().all() and used == 7",
    ),
    case(
        R,
        "in-a-class",
        """import tensorflow as tf

class Experiment:
    def __init__(self, seed):
        self.seed = seed
        tf.random.set_random_seed(seed)

exp = Experiment(3)
draw = tf.random.uniform([4])
""",
        "tf.random.set_seed(3)\nassert (tf.random.uniform([4]) == draw).numpy().all()",
    ),
    not_applicable(R, 'import tensorflow as tf\n\ngetattr(tf, "set_random_seed")(0)\n'),
)

R = "tensorflow/tf1-get-default-graph"
record(
    R,
    "assert graph is tf.compat.v1.get_default_graph()",
    case(
        R,
        "server-class",
        """import tensorflow as tf

class Predictor:
    def __init__(self):
        self.graph = tf.get_default_graph()
        self.ready = True

p = Predictor()
""",
        "assert p.ready and p.graph is not None",
    ),
    case(
        R,
        "ops-listing",
        """import tensorflow as tf

def count_ops():
    g = tf.get_default_graph()
    return len(g.get_operations())

n = count_ops()
""",
        "assert isinstance(n, int)",
    ),
    not_applicable(
        R, "import tensorflow as tf\n\nfn = 'get_default_graph'\ng = getattr(tf, fn)()\n"
    ),
)

R = "tensorflow/tf1-configproto-removed"
record(
    R,
    "assert config.gpu_options.allow_growth is True",
    case(
        R,
        "session-config",
        """import tensorflow as tf

def make_config(growth=True):
    cfg = tf.ConfigProto(allow_soft_placement=True)
    cfg.gpu_options.allow_growth = growth
    return cfg

cfg = make_config()
""",
        "assert cfg.allow_soft_placement and cfg.gpu_options.allow_growth",
    ),
    case(
        R,
        "gpu-options",
        """import tensorflow as tf

opts = tf.GPUOptions(per_process_gpu_memory_fraction=0.5)
conf = tf.ConfigProto(gpu_options=opts)
""",
        "assert abs(conf.gpu_options.per_process_gpu_memory_fraction - 0.5) < 1e-9",
    ),
    not_applicable(R, "import tensorflow as tf\n\nproto = getattr(tf, 'ConfigProto')()\n"),
)

R = "tensorflow/tf1-session-removed"
record(
    R,
    "assert sess._closed",
    case(
        R,
        "graph-and-run",
        """import tensorflow as tf

g = tf.Graph()
with g.as_default():
    total = tf.constant(2.0) + tf.constant(3.0)
with tf.Session(graph=g) as s:
    value = s.run(total)
""",
        "assert value == 5.0",
    ),
    case(
        R,
        "interactive",
        """import tensorflow as tf

def open_session():
    g = tf.Graph()
    return tf.InteractiveSession(graph=g), g

session, graph = open_session()
session.close()
""",
        "assert session.graph is graph",
    ),
    not_applicable(R, "import tensorflow as tf\n\nSession = getattr(tf, 'Session')\n"),
)

R = "tensorflow/tf1-gfile-removed"
record(
    R,
    "assert exists is False",
    case(
        R,
        "read-labels",
        """import os
import tempfile
import tensorflow as tf

path = os.path.join(tempfile.mkdtemp(), "labels.txt")
with open(path, "w") as fh:
    fh.write("cat\\ndog\\n")

def read_labels(p):
    with tf.gfile.GFile(p, "r") as f:
        return f.read().split()

labels = read_labels(path)
""",
        "assert labels == ['cat', 'dog']",
    ),
    case(
        R,
        "make-dirs",
        """import os
import tempfile
import tensorflow as tf

root = tempfile.mkdtemp()
out = os.path.join(root, "runs", "1")
if not tf.gfile.Exists(out):
    tf.gfile.MakeDirs(out)
""",
        "assert os.path.isdir(out)",
    ),
    not_applicable(R, "import tensorflow as tf\n\nio = getattr(tf, 'gfile')\n"),
)

R = "tensorflow/tf1-app-flags-removed"
record(
    R,
    "assert hasattr(flags, 'DEFINE_string')",
    case(
        R,
        "define-flags",
        """import tensorflow as tf

FLAGS = tf.app.flags.FLAGS
tf.app.flags.DEFINE_integer("fix_case_batch", 32, "batch size")
FLAGS(["prog"])
""",
        "assert FLAGS.fix_case_batch == 32",
    ),
    case(
        R,
        "in-a-function",
        """import tensorflow as tf

def declare():
    f = tf.flags
    f.DEFINE_string("fix_case_dir", "/tmp/x", "where")
    return f.FLAGS

flags_obj = declare()
flags_obj(["prog"])
""",
        "assert flags_obj.fix_case_dir == '/tmp/x'",
    ),
    not_applicable(R, "import tensorflow as tf\n\nflags = getattr(tf, 'app').flags\n"),
)

R = "tensorflow/tf1-train-optimizers-removed"
record(
    R,
    "assert abs(optimizer._lr - 1e-3) < 1e-12",
    case(
        R,
        "graph-training",
        """import tensorflow as tf

g = tf.Graph()
with g.as_default():
    w = tf.compat.v1.Variable(5.0, use_resource=True)
    loss = tf.square(w)
    step = tf.train.GradientDescentOptimizer(0.25).minimize(loss)
    init = tf.compat.v1.global_variables_initializer()
with tf.compat.v1.Session(graph=g) as s:
    s.run(init)
    s.run(step)
    trained = s.run(w)
""",
        "assert trained == 2.5",
    ),
    case(
        R,
        "momentum-in-a-function",
        """import tensorflow as tf

def make_opt(lr):
    return tf.train.MomentumOptimizer(lr, momentum=0.9)

opt = make_opt(0.1)
""",
        "assert opt._momentum == 0.9 and opt._learning_rate == 0.1",
    ),
    not_applicable(R, "import tensorflow as tf\n\nopt = getattr(tf.train, 'AdamOptimizer')(0.1)\n"),
)

R = "tensorflow/tf1-summary-filewriter-removed"
record(
    R,
    "writer.flush()\nimport os\nassert os.path.isdir('logs')",
    case(
        R,
        "scalars",
        """import os
import tempfile
import tensorflow as tf

logdir = tempfile.mkdtemp()
summary_writer = tf.summary.FileWriter(logdir)
with summary_writer.as_default():
    for step, value in enumerate([0.5, 0.25]):
        tf.summary.write("loss", value, step=step)
summary_writer.flush()
""",
        "assert any(f.startswith('events.out') for f in os.listdir(logdir))",
    ),
    case(
        R,
        "in-a-class",
        """import tempfile
import tensorflow as tf

class Logger:
    def __init__(self, where):
        self.where = where
        self.writer = tf.summary.FileWriter(where)

log = Logger(tempfile.mkdtemp())
""",
        "log.writer.flush()\nassert log.where",
    ),
    not_applicable(R, "import tensorflow as tf\n\nw = getattr(tf.summary, 'FileWriter')('logs')\n"),
)

R = "tensorflow/tf1-logging-removed"
record(
    R,
    "assert tf.compat.v1.logging.get_verbosity() == tf.compat.v1.logging.INFO\n"
    "tf.compat.v1.logging.set_verbosity(tf.compat.v1.logging.WARN)",
    case(
        R,
        "messages",
        """import tensorflow as tf

def train(n):
    for i in range(n):
        tf.logging.info("step %d", i)
    return n

done = train(2)
""",
        "assert done == 2",
    ),
    case(
        R,
        "alias",
        """import tensorflow as tflib

tflib.logging.set_verbosity(tflib.logging.ERROR)
level = tflib.logging.get_verbosity()
""",
        "assert level == tflib.compat.v1.logging.ERROR\n"
        "tflib.compat.v1.logging.set_verbosity(tflib.compat.v1.logging.WARN)",
    ),
    not_applicable(R, "import tensorflow as tf\n\nlog = getattr(tf, 'logging')\n"),
)

R = "tensorflow/tf1-graph-functions-removed"
record(
    R,
    "assert tf.compat.v1.get_default_graph().get_operations() == []",
    case(
        R,
        "variable-scope",
        """import tensorflow as tf

g = tf.Graph()
with g.as_default():
    with tf.variable_scope("enc", reuse=tf.AUTO_REUSE):
        w1 = tf.get_variable("w", [2])
    with tf.variable_scope("enc", reuse=tf.AUTO_REUSE):
        w2 = tf.get_variable("w", [2])
""",
        "assert w1 is w2 and w1.name == 'enc/w:0'",
    ),
    case(
        R,
        "initializer-in-a-function",
        """import tensorflow as tf

def run_init():
    g = tf.Graph()
    with g.as_default():
        v = tf.compat.v1.Variable([1.0, 2.0])
        init = tf.global_variables_initializer()
    with tf.compat.v1.Session(graph=g) as s:
        s.run(init)
        return s.run(v)

values = run_init()
""",
        "assert values.tolist() == [1.0, 2.0]",
    ),
    not_applicable(R, "import tensorflow as tf\n\ngetattr(tf, 'reset_default_graph')()\n"),
)

R = "tensorflow/tf1-renamed-ops"
record(
    R,
    "assert w.shape == (3, 2) and w.dtype == tf.float32",
    case(
        R,
        "several-names",
        """import tensorflow as tf

def init_weights(n_in, n_out):
    w = tf.truncated_normal([n_in, n_out], stddev=0.1, seed=1)
    b = tf.random_uniform([n_out], seed=2)
    return w, b

W, B = init_weights(4, 3)
logp = tf.log(tf.constant([1.0]))
""",
        "assert W.shape == (4, 3) and B.shape == (3,) and float(logp[0]) == 0.0",
    ),
    case(
        R,
        "argmax",
        """import tensorflow as tf

scores = tf.constant([[0.1, 0.9], [0.8, 0.2]])
pred = tf.arg_max(scores, 1)
""",
        "assert pred.numpy().tolist() == [1, 0]",
    ),
    not_applicable(R, "import tensorflow as tf\n\nx = getattr(tf, 'random_normal')([2])\n"),
)

R = "tensorflow/tf1-enable-eager-removed"
record(
    R,
    "assert tf.executing_eagerly()",
    case(
        R,
        "start-of-script",
        """import numpy as np
import tensorflow as tf

tf.enable_eager_execution()
x = tf.constant(np.ones(3))
""",
        "assert float(tf.reduce_sum(x)) == 3.0",
    ),
    case(
        R,
        "in-a-function",
        """import tensorflow as tf

def setup():
    tf.enable_eager_execution()
    return tf.executing_eagerly()

eager = setup()
""",
        "assert eager",
    ),
    not_applicable(R, "import tensorflow as tf\n\ngetattr(tf, 'enable_eager_execution')()\n"),
)

R = "tensorflow/kerastensor-in-tf-function"
record(
    R,
    "assert total.shape == (None,)",
    case(
        R,
        "functional-model",
        """import numpy as np
import keras
import tensorflow as tf

inp = keras.Input((4,))
hidden = keras.layers.Dense(3, kernel_initializer="ones")(inp)
pooled = tf.reduce_mean(hidden, axis=-1, keepdims=True)
model = keras.Model(inp, pooled)
""",
        "assert np.asarray(model(np.ones((1, 4), 'float32'))).tolist() == [[4.0]]",
    ),
    case(
        R,
        "concat-in-a-builder",
        """import keras
import tensorflow as tf

def build():
    a = keras.Input((2,))
    b = keras.Input((3,))
    joined = tf.concat([a, b], axis=-1)
    return keras.Model([a, b], joined)

m = build()
""",
        "import numpy as np\n"
        "out = m([np.ones((1, 2), 'float32'), np.zeros((1, 3), 'float32')])\n"
        "assert np.asarray(out).tolist() == [[1.0, 1.0, 0.0, 0.0, 0.0]]",
    ),
    not_applicable(
        R,
        """import keras
import tensorflow as tf

inp = keras.Input((3,))
out = tf.nn.l2_normalize(inp, axis=-1)
""",
    ),
)

R = "tensorflow/cannot-convert-symbolic-tensor-to-numpy"
record(
    R,
    "import numpy as np\n"
    "np.testing.assert_allclose([float(v) for v in ds], [0.0, 1.0, 2.0], atol=1e-6)",
    case(
        R,
        "named-map-function",
        """import numpy as np
import tensorflow as tf

def normalise(x):
    return np.sqrt(x) / 2.0

ds = tf.data.Dataset.from_tensor_slices([4.0, 16.0]).map(normalise)
""",
        "assert [float(v) for v in ds] == [1.0, 2.0]",
    ),
    case(
        R,
        "tf-function",
        """import numpy as np
import tensorflow as tf

@tf.function
def squash(v):
    return np.clip(v, 0.0, 1.0)

out = squash(tf.constant([-1.0, 0.5, 3.0]))
""",
        "assert out.numpy().tolist() == [0.0, 0.5, 1.0]",
    ),
    not_applicable(
        R,
        """import numpy as np
import tensorflow as tf

helper = np.log10
ds = tf.data.Dataset.from_tensor_slices([1.0, 10.0]).map(lambda x: helper(x))
""",
    ),
)

R = "tensorflow/uninitialized-variable"
record(
    R,
    "assert sess._closed",
    case(
        R,
        "session-outside-the-graph-block",
        """import tensorflow as tf

g = tf.Graph()
with g.as_default():
    bias = tf.compat.v1.Variable([0.5, 1.5], use_resource=False)
    out = bias * 2.0
sess = tf.compat.v1.Session(graph=g)
result = sess.run(out)
""",
        "assert result.tolist() == [1.0, 3.0]",
    ),
    case(
        R,
        "in-a-function",
        """import tensorflow as tf

def evaluate():
    g = tf.Graph()
    with g.as_default():
        v = tf.compat.v1.get_variable("v", initializer=tf.constant(3.0), use_resource=False)
        y = v + 1.0
    with tf.compat.v1.Session(graph=g) as session:
        return session.run(y)

answer = evaluate()
""",
        "assert answer == 4.0",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

g = tf.Graph()
with g.as_default():
    w = tf.compat.v1.Variable(1.0, use_resource=False)
    y = w * 2.0
runner = tf.compat.v1.Session(graph=g).run
runner(y)
""",
    ),
)

R = "tensorflow/session-graph-empty"
record(
    R,
    "assert _ == 30.0",
    case(
        R,
        "fetch-list",
        """import tensorflow as tf

x = tf.constant([1.0, 2.0])
mean = tf.reduce_mean(x)
total = tf.reduce_sum(x)
with tf.compat.v1.Session() as s:
    m, t = s.run([mean, total])
""",
        "assert float(m) == 1.5 and float(t) == 3.0",
    ),
    case(
        R,
        "in-a-function",
        """import tensorflow as tf

def evaluate(sess, tensor):
    return sess.run(tensor)

value = evaluate(tf.compat.v1.Session(), tf.constant(4.0) * 2.0)
""",
        "assert float(value) == 8.0",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

c = tf.constant(1.0)
run = tf.compat.v1.Session().run
run(c)
""",
    ),
)

R = "tensorflow/numpy-method-on-tensor"
record(
    R,
    "assert labels.dtype == tf.int32 and labels.numpy().tolist() == [0, 0]",
    case(
        R,
        "flatten-in-a-function",
        """import tensorflow as tf

def features(images):
    flat = images.flatten()
    return flat

f = features(tf.ones((2, 3)))
""",
        "assert f.shape == (6,)",
    ),
    case(
        R,
        "tolist",
        """import tensorflow as tf

probs = tf.nn.softmax(tf.constant([0.0, 0.0]))
as_list = probs.tolist()
""",
        "assert as_list == [0.5, 0.5]",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

t = tf.constant([1.0, 2.0])
method = getattr(t, "astype")
""",
    ),
)

R = "tensorflow/eval-no-default-session"
record(
    R,
    "assert total.graph is not tf.compat.v1.get_default_graph()",
    case(
        R,
        "value-kept",
        """import tensorflow as tf

g = tf.Graph()
with g.as_default():
    scores = tf.constant([1.0, 3.0])
    best = tf.reduce_max(scores)
    value = best.eval()
""",
        "assert value == 3.0",
    ),
    case(
        R,
        "in-a-function",
        """import tensorflow as tf

def mean_of(values):
    with tf.Graph().as_default():
        m = tf.reduce_mean(tf.constant(values))
        return m.eval()

avg = mean_of([2.0, 4.0])
""",
        "assert avg == 3.0",
    ),
    not_applicable(
        R,
        """import tensorflow as tf

with tf.Graph().as_default():
    total = tf.constant(2.0) * 3.0
    evaluate = total.eval
    evaluate()
""",
    ),
)

R = "tensorflow/sequential-add-layer-kwargs"
record(
    R,
    """import numpy as np
assert model.input_shape == (None, 784) and model.layers[0].units == 32
assert tuple(model(np.zeros((2, 784), "float32")).shape) == (2, 32)""",
    case(
        R,
        "tf-keras-imports-then-fit",
        """import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

net = Sequential()
net.add(Dense(64, input_shape=(20,), activation="relu"))
net.add(Dense(3), activation="softmax")  # the output layer
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
history = net.fit(np.random.rand(32, 20), np.random.randint(0, 3, 32), epochs=1, verbose=0)
""",
        """assert net.layers[-1].units == 3 and net.layers[-1].activation.__name__ == "softmax"
assert len(history.history["loss"]) == 1
probs = net.predict(np.ones((4, 20)), verbose=0)
np.testing.assert_allclose(np.sum(probs, axis=1), 1.0, rtol=1e-5)""",
    ),
    case(
        R,
        "in-a-function-two-keywords",
        """import keras

def build_classifier(n_in, hidden):
    m = keras.Sequential()
    m.add(keras.layers.Dense(hidden),
          input_shape=(n_in,), activation="relu")
    m.add(keras.layers.Dense(1, activation="sigmoid"))
    return m

clf = build_classifier(8, 16)
""",
        """assert clf.input_shape == (None, 8) and clf.output_shape == (None, 1)
assert clf.layers[0].units == 16 and clf.layers[0].activation.__name__ == "relu"
""",
    ),
    case(
        R,
        "in-a-class-lstm",
        """import numpy as np
import keras
from keras import layers

class Forecaster:
    def __init__(self, steps, features):
        self.model = keras.Sequential()
        self.model.add(keras.Input(shape=(steps, features)))
        self.model.add(layers.LSTM(16), return_sequences=True)  # stacked LSTMs
        self.model.add(layers.LSTM(8))
        self.model.add(layers.Dense(1))
        self.model.compile(optimizer="adam", loss="mse")

    def train(self, x, y):
        return self.model.fit(x, y, epochs=2, verbose=0)

f = Forecaster(5, 3)
hist = f.train(np.random.rand(16, 5, 3).astype("float32"), np.random.rand(16, 1).astype("float32"))
""",
        """assert f.model.layers[0].return_sequences and f.model.layers[0].units == 16
assert f.model.output_shape == (None, 1) and len(hist.history["loss"]) == 2""",
    ),
    Case(
        R,
        "not-applicable-layer-variable",
        """import keras

model = keras.Sequential()
hidden = keras.layers.Dense(32)
model.add(hidden, activation="relu")
""",
        applies=False,
    ),
    Case(
        R,
        "not-applicable-two-layers",
        """import keras

model = keras.Sequential()
model.add(keras.layers.Dense(32), keras.layers.Dense(10), activation="relu")
""",
        applies=False,
    ),
)
