"""The PyTorch side of `dl-tutor bench`'s tiny-GPT comparison (see src/bench/gptRun.ts).

usage: [BENCH_TORCH_THREADS=n] .bench-venv/bin/python scripts/bench-gpt-torch.py
The same model as the tfjs side: vocabulary 64, d 64, 4 heads, 2 pre-norm layers (causal
multi-head attention with one bias-free [d, 3d] projection and a bias-free output projection, FFN 4d
with biases and ReLU), learned positions, final layer norm and output layer; T 32, batch 16,
Adam(1e-3), shifted next-token cross-entropy, seeded random ids. 5 warm-up steps, the median of 30
timed steps; sampling 64 tokens one at a time from an 8-token prompt (whole cropped context each
step, torch.multinomial at temperature 1). CPU only. Prints JSON.
"""
import json, math, os, statistics, time
import torch
import torch.nn as nn
import torch.nn.functional as F

V, D, H, L, T, B, LR, WARMUP, STEPS, NEW, PROMPT = 64, 64, 4, 2, 32, 16, 1e-3, 5, 30, 64, 8
torch.manual_seed(1)
if os.environ.get("BENCH_TORCH_THREADS"):
    torch.set_num_threads(int(os.environ["BENCH_TORCH_THREADS"]))


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D, eps=1e-5), nn.LayerNorm(D, eps=1e-5)
        self.qkv, self.o = nn.Linear(D, 3 * D, bias=False), nn.Linear(D, D, bias=False)
        self.w1, self.w2 = nn.Linear(D, 4 * D), nn.Linear(4 * D, D)

    def forward(self, x, blocked):
        b, t, _ = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, H, D // H).permute(2, 0, 3, 1, 4)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(D // H) + blocked[:t, :t]
        x = x + self.o((s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, D))
        return x + self.w2(F.relu(self.w1(self.ln2(x))))


class Gpt(nn.Module):
    def __init__(self):
        super().__init__()
        self.E, self.P = nn.Embedding(V, D), nn.Parameter(torch.randn(T, D) * 0.3)
        self.blocks = nn.ModuleList([Block() for _ in range(L)])
        self.lnf, self.out = nn.LayerNorm(D, eps=1e-5), nn.Linear(D, V)
        self.register_buffer("blocked", torch.triu(torch.full((T, T), -1e9), 1))

    def forward(self, ids):
        x = self.E(ids) + self.P[: ids.shape[1]]
        for blk in self.blocks:
            x = blk(x, self.blocked)
        return self.out(self.lnf(x))


def loss_fn(logits, ids):
    return F.cross_entropy(logits[:, :-1].reshape(-1, V), ids[:, 1:].reshape(-1))


model = Gpt()
opt = torch.optim.Adam(model.parameters(), lr=LR)
g = torch.Generator().manual_seed(12345)
times, last = [], float("nan")
for i in range(WARMUP + STEPS):
    x = torch.randint(0, V, (B, T), generator=g)
    t0 = time.perf_counter()
    opt.zero_grad(set_to_none=True)
    loss = loss_fn(model(x), x)
    loss.backward()
    opt.step()
    last = loss.item()
    if i >= WARMUP:
        times.append((time.perf_counter() - t0) * 1000)

ctx = torch.randint(0, V, (PROMPT,), generator=g).tolist()
t1 = time.perf_counter()
with torch.no_grad():
    for i in range(NEW):
        w = torch.tensor([ctx[-T:]])
        logits = model(w)[0, -1]
        ctx.append(int(torch.multinomial(logits.softmax(-1), 1, generator=g)))
sample_ms = (time.perf_counter() - t1) * 1000
print(json.dumps({
    "engine": "pytorch " + torch.__version__ + " (CPU, " + str(torch.get_num_threads()) + " threads)",
    "params": sum(p.numel() for p in model.parameters()),
    "msPerStep": round(statistics.median(times), 2), "minMsPerStep": round(min(times), 2), "loss": round(last, 4),
    "samplingTokensPerSec": round(NEW / sample_ms * 1000, 1),
}))
