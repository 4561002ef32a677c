"""How each function is called, for the hint of a wrong-arity error.

One line per function whose arguments are not a lone ``x`` (names and order
as sympy's); other functions are called ``name(x)``.

>>> arity_hint("besselj", "besselj() takes 2 arguments, got 1")
'call it as besselj(nu, x)'
>>> arity_hint("gamma", "gamma() takes 1 argument, got 2")
'call it as gamma(x)'
"""
from __future__ import annotations

SIGNATURES = {
    "log": "log(x) or log(x, base)",
    "atan2": "atan2(y, x)",
    "Heaviside": "Heaviside(x) or Heaviside(x, H0)",
    "DiracDelta": "DiracDelta(x) or DiracDelta(x, n)",
    "polygamma": "polygamma(n, x)",
    "beta": "beta(a, b)",
    "binomial": "binomial(n, k)",
    "uppergamma": "uppergamma(a, x)",
    "lowergamma": "lowergamma(a, x)",
    "besselj": "besselj(nu, x)",
    "bessely": "bessely(nu, x)",
    "besseli": "besseli(nu, x)",
    "besselk": "besselk(nu, x)",
    "expint": "expint(n, x)",
    "LambertW": "LambertW(x) or LambertW(x, k)",
    "polylog": "polylog(s, z)",
    "zeta": "zeta(s) or zeta(s, a)",
    "elliptic_k": "elliptic_k(m)",
    "elliptic_e": "elliptic_e(m) or elliptic_e(phi, m)",
    "elliptic_f": "elliptic_f(phi, m)",
    "elliptic_pi": "elliptic_pi(n, m) or elliptic_pi(n, phi, m)",
    "hyp2f1": "hyp2f1(a, b, c, z)",
    "hyp2f2": "hyp2f2(a1, a2, b1, b2, z)",
    "appellf1": "appellf1(a, b1, b2, c, x, y)",
}


def arity_hint(name: str, message: str) -> str:
    """The hint for a construction error of ``name(...)``: its call forms
    when the message is about the number of arguments, else ''."""
    if not message.startswith(f"{name}() takes") or "argument" not in message:
        return ""
    return "call it as " + SIGNATURES.get(name, f"{name}(x)")
