#!/usr/bin/env python3
"""PyTorch eager twin of `verifier bench generator`: the same causal video autoencoder and diffusion transformer
(Generator/Verifier.Generator), the same batch and clip shapes, the same timed steps, so the two rates compare.

Usage: generator_twin.py CONFIG.json [--device cpu|cuda] [--threads N]
CONFIG.json is what `verifier bench generator --write-config CONFIG.json` writes; its parameter counts are checked
against this twin's, so a shape that drifted from the C# model fails loudly instead of timing another model.
Prints one markdown row: | pytorch DEVICE | autoencoder steps/s | transformer steps/s | sampling clips/s |, then the
transformer step's forward, backward and optimiser milliseconds with a per-tensor and with the default (foreach) AdamW.
"""
import json
import math
import sys
import time

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError:
    sys.exit("generator_twin.py: PyTorch is not installed (pip install torch); the twin cannot run here")


class CausalConv3d(nn.Module):
    def __init__(self, cin, cout, kernel=3, tstride=1, sstride=1):
        super().__init__()
        self.conv = nn.Conv3d(cin, cout, kernel, stride=(tstride, sstride, sstride))
        side = kernel // 2
        self.padding = (side, side, side, side, kernel - 1, 0)

    def forward(self, x):
        return self.conv(F.pad(x, self.padding))


class FrameGroupNorm(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.norm = nn.GroupNorm(min(8, channels), channels)

    def forward(self, x):
        b, c, f, h, w = x.shape
        y = self.norm(x.transpose(1, 2).reshape(b * f, c, h, w))
        return y.reshape(b, f, c, h, w).transpose(1, 2)


class CausalResBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.norm1, self.conv1 = FrameGroupNorm(cin), CausalConv3d(cin, cout)
        self.norm2, self.conv2 = FrameGroupNorm(cout), CausalConv3d(cout, cout)
        self.skip = None if cin == cout else CausalConv3d(cin, cout, kernel=1)

    def forward(self, x):
        h = self.conv1(F.silu(self.norm1(x)))
        h = self.conv2(F.silu(self.norm2(h)))
        return h + (x if self.skip is None else self.skip(x))


class CausalDownsample(nn.Module):
    def __init__(self, channels, temporal):
        super().__init__()
        self.conv = CausalConv3d(channels, channels, tstride=2 if temporal else 1, sstride=2)

    def forward(self, x):
        return self.conv(x)


class CausalUpsample(nn.Module):
    def __init__(self, channels, temporal):
        super().__init__()
        self.temporal = temporal
        self.conv = CausalConv3d(channels, channels)

    def forward(self, x):
        up = x.repeat_interleave(2, dim=3).repeat_interleave(2, dim=4)
        if self.temporal:
            up = up.repeat_interleave(2, dim=2)[:, :, 1:]
        return self.conv(up)


class CausalEncoder(nn.Module):
    def __init__(self, widths, latent):
        super().__init__()
        self.input = CausalConv3d(3, widths[0])
        stages, previous = [], widths[0]
        for i, width in enumerate(widths):
            stages += [CausalResBlock(previous, width), CausalDownsample(width, temporal=i < 2)]
            previous = width
        self.stages = nn.ModuleList(stages)
        self.middle, self.norm = CausalResBlock(previous, previous), FrameGroupNorm(previous)
        self.output = CausalConv3d(previous, latent)

    def forward(self, x):
        h = self.input(x)
        for stage in self.stages:
            h = stage(h)
        return self.output(F.silu(self.norm(self.middle(h))))


class CausalDecoder(nn.Module):
    def __init__(self, widths, latent):
        super().__init__()
        previous = widths[-1]
        self.input, self.middle = CausalConv3d(latent, previous), CausalResBlock(previous, previous)
        stages = []
        for i in reversed(range(len(widths))):
            stages += [CausalResBlock(previous, widths[i]), CausalUpsample(widths[i], temporal=i < 2)]
            previous = widths[i]
        self.stages = nn.ModuleList(stages)
        self.norm, self.output = FrameGroupNorm(previous), CausalConv3d(previous, 3)

    def forward(self, z):
        h = self.middle(self.input(z))
        for stage in self.stages:
            h = stage(h)
        return self.output(F.silu(self.norm(h)))


class VideoAutoencoder(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.encoder = CausalEncoder(cfg["autoencoder_channels"], cfg["latent_channels"])
        self.decoder = CausalDecoder(cfg["autoencoder_channels"], cfg["latent_channels"])

    def forward(self, x):
        return self.decoder(self.encoder(x))


def autoencoder_loss(rec, target, edge_weight=0.5):
    def grad(x, dim):
        n = x.shape[dim] - 1
        return x.narrow(dim, 1, n) - x.narrow(dim, 0, n)
    edges = (grad(rec, 4) - grad(target, 4)).abs().mean() + (grad(rec, 3) - grad(target, 3)).abs().mean()
    return (rec - target).abs().mean() + edges * edge_weight


def modulate(x, shift, scale):
    return x * (scale + 1) + shift


class TimestepEmbedder(nn.Module):
    def __init__(self, width, frequencies=256):
        super().__init__()
        self.frequencies = frequencies
        self.first, self.second = nn.Linear(frequencies, width), nn.Linear(width, width)

    def forward(self, t):
        half = self.frequencies // 2
        freqs = torch.exp(torch.arange(half, dtype=torch.float32, device=t.device) * (-math.log(10000) / half))
        angles = (t.float() * 1000).unsqueeze(1) * freqs.unsqueeze(0)
        features = torch.cat([torch.cos(angles), torch.sin(angles)], 1).to(self.first.weight.dtype)
        return self.second(F.silu(self.first(features)))


class SelfAttention(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.qkv, self.projection = nn.Linear(width, 3 * width), nn.Linear(width, width)

    def forward(self, x):
        b, n, w = x.shape
        q, k, v = self.qkv(x).reshape(b, n, 3, self.heads, w // self.heads).permute(2, 0, 3, 1, 4)
        return self.projection(F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(b, n, w))


class DitBlock(nn.Module):
    def __init__(self, width, heads, mlp_ratio):
        super().__init__()
        self.norm1 = nn.LayerNorm(width, eps=1e-6, elementwise_affine=False)
        self.attention = SelfAttention(width, heads)
        self.norm2 = nn.LayerNorm(width, eps=1e-6, elementwise_affine=False)
        self.mlp = nn.Sequential(nn.Linear(width, width * mlp_ratio), nn.GELU(), nn.Linear(width * mlp_ratio, width))
        self.modulation = nn.Linear(width, 6 * width)
        nn.init.zeros_(self.modulation.weight)
        nn.init.zeros_(self.modulation.bias)

    def forward(self, x, c):
        sa, sc_a, ga, sm, sc_m, gm = self.modulation(F.silu(c)).unsqueeze(1).chunk(6, dim=2)
        x = x + ga * self.attention(modulate(self.norm1(x), sa, sc_a))
        return x + gm * self.mlp(modulate(self.norm2(x), sm, sc_m))


class FinalLayer(nn.Module):
    def __init__(self, width, patch_values):
        super().__init__()
        self.norm = nn.LayerNorm(width, eps=1e-6, elementwise_affine=False)
        self.modulation, self.linear = nn.Linear(width, 2 * width), nn.Linear(width, patch_values)
        for layer in (self.modulation, self.linear):
            nn.init.zeros_(layer.weight)
            nn.init.zeros_(layer.bias)

    def forward(self, x, c):
        shift, scale = self.modulation(F.silu(c)).unsqueeze(1).chunk(2, dim=2)
        return self.linear(modulate(self.norm(x), shift, scale))


def positional_encoding(t, h, w, width):
    per_axis, half = 2 * (width // 6), width // 6
    k = torch.arange(half, dtype=torch.float64)
    def axis(n):
        angles = torch.arange(n, dtype=torch.float64).unsqueeze(1) / torch.pow(10000.0, k / half)
        return torch.cat([torch.sin(angles), torch.cos(angles)], 1)
    table = torch.zeros(t, h, w, width, dtype=torch.float64)
    table[..., :per_axis] = axis(t)[:, None, None, :]
    table[..., per_axis:2 * per_axis] = axis(h)[None, :, None, :]
    table[..., 2 * per_axis:3 * per_axis] = axis(w)[None, None, :, :]
    return table.reshape(t * h * w, width).float()


class DiffusionTransformer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        width, pt, p = cfg["width"], cfg["patch_frames"], cfg["patch_size"]
        patch = pt * p * p
        self.patch_embed = nn.Linear((2 * cfg["latent_channels"] + 1) * patch, width)
        self.time_embed = TimestepEmbedder(width)
        self.null_label = cfg["classes"]
        self.label_embed = nn.Embedding(cfg["classes"] + 1, width)
        self.blocks = nn.ModuleList(DitBlock(width, cfg["heads"], cfg["mlp_ratio"]) for _ in range(cfg["depth"]))
        self.final = FinalLayer(width, cfg["latent_channels"] * patch)

    def forward(self, noisy, t, labels, condition):
        pt, p = self.cfg["patch_frames"], self.cfg["patch_size"]
        x = torch.cat([noisy, condition], 1)
        b, c, T, H, W = x.shape
        nt, nh, nw = T // pt, H // p, W // p
        tokens = x.reshape(b, c, nt, pt, nh, p, nw, p).permute(0, 2, 4, 6, 1, 3, 5, 7).reshape(b, nt * nh * nw, -1)
        tokens = self.patch_embed(tokens)
        tokens = tokens + positional_encoding(nt, nh, nw, self.cfg["width"]).to(tokens.dtype).to(tokens.device)
        cond = self.time_embed(t) + self.label_embed(labels)
        for block in self.blocks:
            tokens = block(tokens, cond)
        out = self.final(tokens, cond)
        lc = self.cfg["latent_channels"]
        return out.reshape(b, nt, nh, nw, lc, pt, p, p).permute(0, 4, 1, 5, 2, 6, 3, 7).reshape(b, lc, nt * pt, nh * p, nw * p)


def steps_per_second(bench, parameters, loss_fn):
    optimizer = torch.optim.AdamW(parameters, lr=1e-4)
    start = None
    for step in range(bench["warmup_steps"] + bench["timed_steps"]):
        if step == bench["warmup_steps"]:
            start = time.perf_counter()
        optimizer.zero_grad()
        loss = loss_fn()
        loss.backward()
        optimizer.step()
        loss.item()  # waits for the device, as the C# bench does
    return bench["timed_steps"] / (time.perf_counter() - start)


def phases(bench, device, parameters, loss_fn, foreach):
    """Mean ms of forward (with the loss), backward and optimiser step, the device waited for after each."""
    optimizer = torch.optim.AdamW(parameters, lr=1e-4, foreach=foreach)
    wait = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    spent = [0.0, 0.0, 0.0]
    for step in range(bench["warmup_steps"] + bench["timed_steps"]):
        wait()
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = loss_fn()
        wait()
        forward = time.perf_counter()
        loss.backward()
        wait()
        backward = time.perf_counter()
        optimizer.step()
        loss.item()
        if step >= bench["warmup_steps"]:
            spent[0] += forward - start
            spent[1] += backward - forward
            spent[2] += time.perf_counter() - backward
    return [1000 * s / bench["timed_steps"] for s in spent]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bench = json.load(open(sys.argv[1]))
    device = torch.device(sys.argv[sys.argv.index("--device") + 1] if "--device" in sys.argv else "cpu")
    if "--threads" in sys.argv:
        torch.set_num_threads(int(sys.argv[sys.argv.index("--threads") + 1]))
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    cfg = bench["model"]
    torch.manual_seed(1)
    autoencoder, transformer = VideoAutoencoder(cfg), DiffusionTransformer(cfg)
    counts = (sum(p.numel() for p in autoencoder.parameters()), sum(p.numel() for p in transformer.parameters()))
    if counts != (bench["autoencoder_parameters"], bench["transformer_parameters"]):
        sys.exit(f"generator_twin.py: parameter counts {counts} differ from the C# model's "
                 f"({bench['autoencoder_parameters']}, {bench['transformer_parameters']}): the twin no longer matches")
    autoencoder.to(device, dtype).train()
    transformer.to(device, dtype).train()
    b, frames, size = bench["batch_size"], cfg["frames"], cfg["size"]
    latent_frames, side = 1 + (frames - 1) // 4, size // 8
    video = (torch.rand(b, 3, frames, size, size) * 2 - 1).to(device, dtype)
    latent = torch.randn(b, cfg["latent_channels"], latent_frames, side, side).to(device, dtype)
    noise, t = torch.randn(latent.shape).to(device, dtype), torch.rand(b).to(device, dtype)
    labels = torch.full((b,), transformer.null_label, dtype=torch.long, device=device)
    condition = torch.zeros(b, cfg["latent_channels"] + 1, latent_frames, side, side, dtype=dtype, device=device)

    ae = steps_per_second(bench, autoencoder.parameters(), lambda: autoencoder_loss(autoencoder(video).float(), video.float()))

    def flow_loss():  # interpolates inside the step, as FlowMatching.Loss does
        x_t = noise * (1 - t.reshape(-1, 1, 1, 1, 1)) + latent * t.reshape(-1, 1, 1, 1, 1)
        return F.mse_loss(transformer(x_t, t, labels, condition).float(), (latent - noise).float())
    dit = steps_per_second(bench, transformer.parameters(), flow_loss)
    phase_rows = [(name, phases(bench, device, transformer.parameters(), flow_loss, foreach))
                  for name, foreach in [("AdamW per tensor (PyTorch, foreach=False)", False), ("AdamW foreach (PyTorch default)", None)]]

    autoencoder.eval()
    transformer.eval()
    def clip(seed):
        with torch.no_grad():
            g = torch.Generator().manual_seed(seed)
            x = torch.randn(1, cfg["latent_channels"], latent_frames, side, side, generator=g).to(device, dtype)
            one_label = labels[:1]
            none = torch.zeros(1, cfg["latent_channels"] + 1, latent_frames, side, side, dtype=dtype, device=device)
            steps = bench["sampling_steps"]
            for i in range(steps):
                x = x + transformer(x, torch.full((1,), i / steps, dtype=dtype, device=device), one_label, none) / steps
            return autoencoder.decoder(x)[0].float().cpu().clamp(-1, 1)
    clip(0)
    start = time.perf_counter()
    for i in range(bench["sampled_clips"]):
        clip(i + 1)
    clips = bench["sampled_clips"] / (time.perf_counter() - start)
    print(f"| pytorch {device.type} | {ae:.3f} | {dit:.3f} | {clips:.3f} |")
    print()
    print("transformer step, each phase waited for:")
    print("| optimiser | forward ms | backward ms | step ms | total ms |")
    print("|---|---|---|---|---|")
    for name, (f, b, o) in phase_rows:
        print(f"| {name} | {f:.2f} | {b:.2f} | {o:.2f} | {f + b + o:.2f} |")


if __name__ == "__main__":
    main()
