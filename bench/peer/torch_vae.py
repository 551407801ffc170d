"""Peer figure for `npm run bench`: the paper's VAE trained by PyTorch on this machine.

Same network and step as the project's VAE bench line (bench/train.ts): 1344-512-512-512-(32, 32),
mirror decoder to 1344, ReLU, dropout 0.2 on the input and 0.5 after every hidden layer of encoder
and decoder, squared-error reconstruction + KL, L2 1e-5 on the weights (as Adam weight decay
2e-5 on the weight matrices, the same gradient), Adam lr 1e-3, mini-batches drawn from 2,000
N(0, 1) vectors. Prints one JSON line: samples/s over the timed steps (after 20 warm-up steps).

usage: python3 bench/peer/torch_vae.py BATCH THREADS STEPS
Started by bench/peer.ts with the tuning that makes PyTorch fast here (its own environment only):
OpenBLAS's AVX-512 kernels and a malloc that keeps freed memory. Before timing it checks one
product against float64, since some OpenBLAS builds compute wrong results on some processors.
"""
import json
import sys
import time

import torch
import torch.nn as nn

batch, threads, steps = (int(a) for a in sys.argv[1:4])
torch.set_num_threads(threads)
torch.manual_seed(0)
Q, H, Z = 1344, 512, 32

a, b = torch.randn(100, Q), torch.randn(Q, H)
ref = a.double() @ b.double()
err = ((a @ b).double() - ref).abs().max().item() / ref.abs().max().item()
if not err < 1e-5:
    sys.exit(f"torch matmul differs from float64 by {err:.2e} (relative) on this CPU: not timing it")


def mlp(sizes, p_in):
    layers = [nn.Dropout(p_in)] if p_in else []
    for i, o in zip(sizes, sizes[1:]):
        layers += [nn.Linear(i, o), nn.ReLU(), nn.Dropout(0.5)]
    return nn.Sequential(*layers)


enc = mlp([Q, H, H, H], 0.2)
mu, logvar = nn.Linear(H, Z), nn.Linear(H, Z)
dec = nn.Sequential(mlp([Z, H, H, H], 0), nn.Linear(H, Q))
params = [p for m in (enc, mu, logvar, dec) for p in m.parameters()]
opt = torch.optim.Adam(
    [
        {"params": [p for p in params if p.dim() == 2], "weight_decay": 2e-5},
        {"params": [p for p in params if p.dim() == 1], "weight_decay": 0.0},
    ],
    lr=1e-3,
)
X = torch.randn(2000, Q)


def step():
    x = X[torch.randint(0, 2000, (batch,))]
    h = enc(x)
    m, lv = mu(h), logvar(h)
    z = m + torch.randn_like(m) * torch.exp(0.5 * lv)
    recon = ((x - dec(z)) ** 2).sum(1)
    kl = -0.5 * (1 + lv - m * m - torch.exp(lv)).sum(1)
    loss = (recon + kl).mean()
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(20):
    step()
t = time.perf_counter()
for _ in range(steps):
    step()
seconds = time.perf_counter() - t
print(json.dumps({
    "samples_per_s": batch * steps / seconds,
    "ms_per_step": 1000 * seconds / steps,
    "torch": torch.__version__,
    "threads": torch.get_num_threads(),
    "matmul_max_rel_error_vs_float64": err,
}))
