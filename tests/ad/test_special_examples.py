"""The README's special-function examples (exact GELU, Black-Scholes greeks,
Student-t log-likelihood gradient), each checked against an independent
closed form, SciPy or sympy."""
from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

import symdiff
from symdiff import diff, grad, parse

pytest.importorskip("scipy")


def test_exact_gelu_and_its_derivative():
    gelu = parse("x*(1 + erf(x/sqrt(2)))/2")
    d = diff(gelu, "x")
    xs = np.linspace(-4, 4, 33)
    f = symdiff.compile([gelu, d], ["x"])
    v, dv = f(xs)
    phi = np.exp(-xs**2 / 2) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + np.vectorize(math.erf)(xs / math.sqrt(2)))
    assert np.allclose(v, xs * cdf, rtol=1e-14, atol=1e-15)
    assert np.allclose(dv, cdf + xs * phi, rtol=1e-14, atol=1e-15)     # Phi(x) + x*phi(x)
    x = sympy.Symbol("x")
    ref = sympy.diff(x * (1 + sympy.erf(x / sympy.sqrt(2))) / 2, x)
    assert sympy.simplify(symdiff.to_sympy(d) - ref) == 0


PHI = "(1 + erf({z}/sqrt(2)))/2"
D1 = "(log(S/K) + (r + sigma**2/2)*T)/(sigma*sqrt(T))"
D2 = f"({D1} - sigma*sqrt(T))"
CALL = f"S*{PHI.format(z=D1)} - K*exp(-r*T)*{PHI.format(z=D2)}"


def test_black_scholes_greeks_match_the_closed_forms():
    from scipy.stats import norm
    C = parse(CALL)
    greeks = {"delta": diff(C, "S"), "gamma": diff(C, "S", "S"), "vega": diff(C, "sigma"),
              "theta": -diff(C, "T"), "rho": diff(C, "r")}
    names = ["S", "K", "r", "sigma", "T"]
    f = symdiff.compile([C, *greeks.values()], names)
    rng = np.random.default_rng(7)
    S, K = rng.uniform(50, 150, 20), rng.uniform(50, 150, 20)
    r, sig, T = rng.uniform(0.0, 0.1, 20), rng.uniform(0.1, 0.6, 20), rng.uniform(0.1, 3, 20)
    price, delta, gamma, vega, theta, rho = f(S, K, r, sig, T)
    d1 = (np.log(S / K) + (r + sig**2 / 2) * T) / (sig * np.sqrt(T))
    d2 = d1 - sig * np.sqrt(T)
    closed = {
        "price": S * norm.cdf(d1) - K * np.exp(-r * T) * norm.cdf(d2),
        "delta": norm.cdf(d1),
        "gamma": norm.pdf(d1) / (S * sig * np.sqrt(T)),
        "vega": S * norm.pdf(d1) * np.sqrt(T),
        "theta": -S * norm.pdf(d1) * sig / (2 * np.sqrt(T)) - r * K * np.exp(-r * T) * norm.cdf(d2),
        "rho": K * T * np.exp(-r * T) * norm.cdf(d2),
    }
    for name, got in zip(closed, (price, delta, gamma, vega, theta, rho)):
        assert np.allclose(got, closed[name], rtol=1e-9, atol=1e-10), name


STUDENT_T = ("loggamma((nu + 1)/2) - loggamma(nu/2) - log(nu*pi)/2 - log(s)"
             " - (nu + 1)/2*log(1 + ((x - mu)/s)**2/nu)")


def test_student_t_log_likelihood_gradient():
    from scipy.stats import t as student
    from scipy.special import digamma
    ll = parse(STUDENT_T)
    g = grad(ll, "nu mu s")
    f = symdiff.compile([ll, *g], ["x", "nu", "mu", "s"])
    x = np.linspace(-3, 5, 9)
    nu, mu, s = 4.5, 0.7, 1.3
    v, dnu, dmu, ds = f(x, nu, mu, s)
    assert np.allclose(v, student.logpdf(x, nu, loc=mu, scale=s), rtol=1e-13)
    z2 = ((x - mu) / s) ** 2
    assert np.allclose(dmu, (nu + 1) * (x - mu) / (nu * s**2 + (x - mu) ** 2), rtol=1e-12)
    assert np.allclose(ds, -1 / s + (nu + 1) * z2 / (s * (nu + z2)), rtol=1e-12)
    ref_nu = (digamma((nu + 1) / 2) - digamma(nu / 2)) / 2 - 1 / (2 * nu) \
        - np.log1p(z2 / nu) / 2 + (nu + 1) * z2 / (2 * nu * (nu + z2))
    assert np.allclose(dnu, ref_nu, rtol=1e-12)
    assert "polygamma(0, nu/2)" in str(g[0])          # digamma, as sympy writes it
