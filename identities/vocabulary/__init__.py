"""The vocabulary: machine-learning functions as SymPy functions

Names are exactly those of DESIGN.md, so that a claim file, a Python session and a rendered sheet use one
spelling. `VOCABULARY` maps each name to its callable; SymPy's own `erf`, `sign`, `Abs`, `tanh` are reused.

Main definitions
- activations: `sigmoid`, `softplus`, `relu`, `relu6`, `leaky_relu`, `hardtanh`, `heaviside`, `logsigmoid`, `logit`,
  `silu`, `swish`, `gelu`, `mish`, `elu`, `selu`, `softsign`, `gaussian`, `plu`
- losses: `hinge`, `squared_hinge`, `logistic_loss`, `huber`, `binary_cross_entropy`, `cross_entropy`
- vectors: `softmax`, `log_softmax`, `logsumexp`, `onehot`, `dot`, `sqnorm`, `grad`
- kinks: `KinkValue`, `CONVENTIONS`, `apply_conventions`
"""

from .. import sympy_speedups
from .activations import (
    elu,
    gaussian,
    gelu,
    hardtanh,
    heaviside,
    leaky_relu,
    logit,
    logsigmoid,
    mish,
    plu,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softplus,
    softsign,
    swish,
)
from .base import MLFunction, elementwise, is_matrix
from .kinks import CONVENTIONS, KinkValue, apply_conventions, has_kink_values
from .losses import binary_cross_entropy, hinge, huber, logistic_loss, squared_hinge
from .vectors import (
    Gradient,
    MatrixSum,
    VectorFunction,
    cross_entropy,
    dot,
    grad,
    jacobian,
    log_softmax,
    logsumexp,
    onehot,
    softmax,
    sqnorm,
)

VOCABULARY = {
    f.__name__: f
    for f in (
        sigmoid, softplus, relu, relu6, leaky_relu, hardtanh, heaviside, logsigmoid, logit, silu, swish, gelu,
        mish, elu, selu, softsign, gaussian, plu, softmax, log_softmax, logsumexp, onehot, hinge, squared_hinge,
        logistic_loss, huber, binary_cross_entropy, cross_entropy, dot, sqnorm, grad,
    )
}  # fmt: skip
"""Name -> callable, for the claim parser's whitelist and the interactive shell."""

sympy_speedups.apply()

__all__ = [
    "CONVENTIONS",
    "VOCABULARY",
    "Gradient",
    "KinkValue",
    "MatrixSum",
    "MLFunction",
    "VectorFunction",
    "apply_conventions",
    "elementwise",
    "has_kink_values",
    "is_matrix",
    "jacobian",
    *VOCABULARY,
]
