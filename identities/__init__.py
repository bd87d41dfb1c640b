"""proofsheet's identities: the vocabulary, claims and the prover

The public API is re-exported lazily (PEP 562), so that importing the package — as pytest does when it loads the
plugin `identities.pytest_plugin` in every project — costs nothing until a name is used.

Main definitions
- the vocabulary (`sigmoid`, `softplus`, `relu`, …, `softmax`, `logsumexp`): see `identities.vocabulary`
- `Claim`, `Proof`, `Step`, `Certificate`, `Verdict`: see `identities.claim`
- `prove`, `attempt`, `claim_from_relation`, `claim_from_sides`: see `identities.prover`
- `load_claim_file`, `check`, `Report`: claim files and checking them
"""

from __future__ import annotations

from .lazy import lazy_exports

_VOCABULARY = [
    "sigmoid", "softplus", "relu", "relu6", "leaky_relu", "hardtanh", "heaviside", "logsigmoid", "logit",
    "silu", "swish", "gelu", "mish", "elu", "selu", "softsign", "gaussian", "plu", "softmax", "log_softmax",
    "logsumexp", "onehot", "hinge", "squared_hinge", "logistic_loss", "huber", "binary_cross_entropy",
    "cross_entropy", "dot", "sqnorm", "grad", "jacobian", "KinkValue", "VOCABULARY",
]

_EXPORTS = {
    **{name: "identities.claim" for name in ("Certificate", "Claim", "Errata", "Proof", "Step", "Verdict")},
    **{name: "identities.errors" for name in ("ClaimError", "ProofsheetError", "RenderError", "StepCheckError")},
    **{name: "identities.prover" for name in ("attempt", "claim_from_relation", "claim_from_sides", "prove")},
    **{name: "identities.claimfile" for name in ("ClaimFile", "load_claim_file")},
    **{name: "identities.check" for name in ("Report", "check")},
    **{name: "identities.vocabulary" for name in _VOCABULARY},
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
