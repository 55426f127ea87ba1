"""Trains the demo model: a small I2VGen-XL (the diffusers / transformers classes the real checkpoint uses) on the toy
motion world (world.py). See README.md in this folder for the set-up and every step.

    python3 train.py vae    --work WORK [--minutes M] [--steps N]      # stage 1: the VAE on single frames
    python3 train.py unet   --work WORK [--minutes M] [--steps N]      # stage 2: UNet + text + image encoders
    python3 train.py export --work WORK --out CHECKPOINT               # diffusers layout, safetensors (EMA weights)

WORK holds resumable state (vae.pt, unet.pt), written every --save-every minutes; a stage started again continues
from it. --init-from CHECKPOINT starts stage 2 from an exported checkpoint (its EMA weights, a fresh optimiser).
Seeded: the same commands give the same weights on the same machine and thread count.
"""
import argparse
import importlib.util
import json
import math
import os
import shutil
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import world  # noqa: E402

CONFIGS = os.path.join(HERE, "configs")
CLIP_MEAN = torch.tensor([0.48145466, 0.4578275, 0.40821073]).view(1, 3, 1, 1)
CLIP_STD = torch.tensor([0.26862954, 0.26130258, 0.27577711]).view(1, 3, 1, 1)
DROP_TEXT, DROP_IMAGE = 0.1, 0.1  # classifier-free guidance: the pipeline's negatives are "" and a zero embedding
MAX_TOKENS = 77


def golden_module():
    """The shims and torch_compat() of the reference fixtures' make_golden.py (torch 1.13 bridges)."""
    path = os.environ.get("MAKE_GOLDEN", os.path.join(ROOT, "..", "shared", "fixtures", "make_golden.py"))
    spec = importlib.util.spec_from_file_location("make_golden", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_config(name):
    with open(os.path.join(CONFIGS, name + ".json")) as f:
        return json.load(f)


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


# ------------------------------------------------------------------------------------------------------------
# data
# ------------------------------------------------------------------------------------------------------------
def quantise(x):
    return (x * 255).round() / 255  # what a PNG of the frame holds


def batch_clips(g, n, exclude):
    specs = [world.random_spec(g, exclude) for _ in range(n)]
    return specs, torch.stack([world.render(s) for s in specs])  # [B, F, 3, S, S]


class Tokens:
    """CLIPTokenizer (slow, python) ids padded to 77, cached per prompt."""

    def __init__(self, folder):
        import transformers.tokenization_utils_base as tub
        from transformers import CLIPTokenizer

        if tub.AddedToken.__hash__ is None:  # the fallback AddedToken (no Rust tokenizers) is unhashable, as in
            tub.AddedToken.__hash__ = lambda self: hash(self.content)  # make_golden.py's fix
        if not hasattr(tub.AddedToken, "__setstate__"):
            tub.AddedToken.__setstate__ = lambda self, state: self.__dict__.update(state)
        self.tok = CLIPTokenizer.from_pretrained(folder)
        self.cache = {}

    def __call__(self, prompts):
        out = []
        for p in prompts:
            if p not in self.cache:
                ids = self.tok(p, padding="max_length", max_length=MAX_TOKENS, truncation=True).input_ids
                self.cache[p] = torch.tensor(ids, dtype=torch.long)
            out.append(self.cache[p])
        return torch.stack(out)


def encode_text(text_encoder, ids):
    """The pipeline's encode_prompt with clip_skip=1: the penultimate hidden state through the final LayerNorm."""
    hidden = text_encoder(ids, output_hidden_states=True).hidden_states[-2]
    return text_encoder.text_model.final_layer_norm(hidden)


# ------------------------------------------------------------------------------------------------------------
# resumable state
# ------------------------------------------------------------------------------------------------------------
def save_state(path, state):
    tmp = path + ".tmp"
    torch.save(state, tmp)
    os.replace(tmp, path)


def ema_update(ema, model, decay):
    with torch.no_grad():
        for e, p in zip(ema.parameters(), model.parameters()):
            e.mul_(decay).add_(p.detach(), alpha=1 - decay)


# ------------------------------------------------------------------------------------------------------------
# stage 1: VAE
# ------------------------------------------------------------------------------------------------------------
def make_vae():
    from diffusers import AutoencoderKL

    return AutoencoderKL.from_config(load_config("vae"))


def train_vae(a):
    torch.manual_seed(a.seed)
    vae = make_vae()
    opt = torch.optim.AdamW(vae.parameters(), lr=a.lr or 1e-3, weight_decay=0.0)
    g = torch.Generator().manual_seed(a.seed + 1)
    step, path = 0, os.path.join(a.work, "vae.pt")
    if os.path.exists(path):
        s = torch.load(path)
        vae.load_state_dict(s["model"]), opt.load_state_dict(s["opt"]), g.set_state(s["gen"])
        torch.set_rng_state(s["rng"])
        step = s["step"]
        log(f"vae: resumed at step {step}")
    def state():
        return {"model": vae.state_dict(), "opt": opt.state_dict(), "gen": g.get_state(), "rng": torch.get_rng_state(),
                "step": step}

    start, last_save, losses = time.time(), time.time(), []
    while step < a.steps and time.time() - start < a.minutes * 60:
        _, clips = batch_clips(g, a.batch // 4, frozenset())  # 4 random frames of each clip
        idx = torch.randint(world.FRAMES, (clips.shape[0], 4), generator=g)
        x = torch.stack([clips[i, idx[i]] for i in range(clips.shape[0])]).flatten(0, 1)
        x = quantise(x) * 2 - 1
        post = vae.encode(x).latent_dist
        rec = vae.decode(post.sample()).sample
        mse = torch.nn.functional.mse_loss(rec, x)
        loss = mse + torch.nn.functional.l1_loss(rec, x) * 0.5 + 1e-6 * post.kl().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(vae.parameters(), 1.0)
        for grp in opt.param_groups:
            grp["lr"] = (a.lr or 1e-3) * min(1.0, (step + 1) / 100) * (0.1 if step > 0.8 * a.steps else 1.0)
        opt.step()
        step += 1
        losses.append(float(mse))
        if step % 50 == 0:
            m = sum(losses) / len(losses)
            log(f"vae step {step}: mse {m:.5f} (psnr {10 * math.log10(4 / m):.1f} dB on [-1,1])")
            losses = []
        if time.time() - last_save > a.save_every * 60:
            save_state(path, state())
            last_save = time.time()
    save_state(path, state())
    # latent scale: scaling_factor = 1 / std of the latents, so the UNet sees unit-variance latents
    with torch.no_grad():
        gg = torch.Generator().manual_seed(7)
        _, clips = batch_clips(gg, 64, frozenset())
        lat = vae.encode(quantise(clips[:, 0]) * 2 - 1).latent_dist.mean
        scale = float(1 / lat.std())
    with open(os.path.join(a.work, "vae_scale.json"), "w") as f:
        json.dump({"scaling_factor": scale, "latent_mean": float(lat.mean()), "step": step}, f)
    log(f"vae: {step} steps, scaling_factor {scale:.5f}")


def load_vae(work, checkpoint=None):
    """The stage-1 VAE from WORK, else from an exported checkpoint's vae/ (weights and scaling_factor)."""
    vae = make_vae()
    if os.path.exists(os.path.join(work, "vae.pt")) or not checkpoint:
        vae.load_state_dict(torch.load(os.path.join(work, "vae.pt"))["model"])
        with open(os.path.join(work, "vae_scale.json")) as f:
            scale = json.load(f)["scaling_factor"]
    else:
        from safetensors.torch import load_file

        vae.load_state_dict(load_file(os.path.join(checkpoint, "vae", "diffusion_pytorch_model.safetensors")))
        with open(os.path.join(checkpoint, "vae", "config.json")) as f:
            scale = json.load(f)["scaling_factor"]
    vae.register_to_config(scaling_factor=scale)
    vae.eval().requires_grad_(False)
    return vae


# ------------------------------------------------------------------------------------------------------------
# stage 2: UNet + text encoder + image encoder
# ------------------------------------------------------------------------------------------------------------
def make_stage2():
    from diffusers import I2VGenXLUNet
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPVisionConfig, CLIPVisionModelWithProjection

    unet = I2VGenXLUNet.from_config(load_config("unet"))
    text = CLIPTextModel(CLIPTextConfig(**load_config("text_encoder")))
    image = CLIPVisionModelWithProjection(CLIPVisionConfig(**load_config("image_encoder")))
    return torch.nn.ModuleDict({"unet": unet, "text_encoder": text, "image_encoder": image})


def make_scheduler():
    from diffusers import DDIMScheduler

    return DDIMScheduler.from_config(load_config("scheduler"))


def conditioning(models, vae, tokens, specs, clips, g):
    """The UNet's inputs the pipeline builds: image latents (frame 0 + position mask), image and text embeddings."""
    b = clips.shape[0]
    frame0 = quantise(clips[:, 0])
    with torch.no_grad():
        img_lat = vae.encode(frame0 * 2 - 1).latent_dist.sample() * vae.config.scaling_factor  # [B, 4, h, w]
    img_lat = img_lat.unsqueeze(2)
    masks = [torch.ones_like(img_lat) * ((i + 1) / (world.FRAMES - 1)) for i in range(world.FRAMES - 1)]
    image_latents = torch.cat([img_lat] + masks, dim=2)
    image_embeds = models["image_encoder"]((frame0 - CLIP_MEAN) / CLIP_STD).image_embeds.unsqueeze(1)
    prompts = [world.prompt_for(s["colour"], s["shape"], s["motion"], g) for s in specs]
    u = torch.rand(b, 2, generator=g)
    prompts = ["" if u[i, 0] < DROP_TEXT else p for i, p in enumerate(prompts)]
    image_embeds = image_embeds * (u[:, 1] >= DROP_IMAGE).float().view(b, 1, 1)
    text = encode_text(models["text_encoder"], tokens(prompts))
    fps = torch.tensor([float(s["fps"]) for s in specs])
    return image_latents, image_embeds, text, fps


def train_unet(a):
    torch.manual_seed(a.seed)
    vae = load_vae(a.work, a.init_from)
    models = make_stage2()
    ema = make_stage2()
    if a.init_from:
        load_exported(models, a.init_from)
        log(f"unet: initialised from {a.init_from}")
    ema.load_state_dict(models.state_dict())
    ema.requires_grad_(False)
    sched = make_scheduler()
    ac = sched.alphas_cumprod  # zero-terminal-SNR rescaled, squaredcos_cap_v2
    tokens = Tokens(os.path.join(HERE, "tokenizer"))
    lr = a.lr or 5e-4
    opt = torch.optim.AdamW(models.parameters(), lr=lr, weight_decay=0.0)
    g = torch.Generator().manual_seed(a.seed + 2)
    exclude = world.heldout_triples()
    step, path = 0, os.path.join(a.work, "unet.pt")
    if os.path.exists(path):
        s = torch.load(path)
        models.load_state_dict(s["model"]), ema.load_state_dict(s["ema"]), opt.load_state_dict(s["opt"])
        g.set_state(s["gen"]), torch.set_rng_state(s["rng"])
        step = s["step"]
        log(f"unet: resumed at step {step}")

    def state():
        return {"model": models.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(), "gen": g.get_state(),
                "rng": torch.get_rng_state(), "step": step, "init_from": a.init_from}

    start, step0, last_save, losses = time.time(), step, time.time(), []
    models.train()
    while step < a.steps and time.time() - start < a.minutes * 60:
        specs, clips = batch_clips(g, a.batch, exclude)
        b = clips.shape[0]
        with torch.no_grad():
            x = quantise(clips).flatten(0, 1) * 2 - 1
            lat = vae.encode(x).latent_dist.sample() * vae.config.scaling_factor
            lat = lat.view(b, world.FRAMES, *lat.shape[1:]).permute(0, 2, 1, 3, 4)  # [B, 4, F, h, w]
        image_latents, image_embeds, text, fps = conditioning(models, vae, tokens, specs, clips, g)
        t = torch.randint(0, sched.config.num_train_timesteps, (b,), generator=g)
        noise = torch.randn(lat.shape, generator=g)
        abar = ac[t].view(b, 1, 1, 1, 1)
        noisy = abar.sqrt() * lat + (1 - abar).sqrt() * noise
        target = abar.sqrt() * noise - (1 - abar).sqrt() * lat  # v-prediction
        pred = models["unet"](noisy, t, fps=fps, image_latents=image_latents, image_embeddings=image_embeds,
                              encoder_hidden_states=text).sample
        loss = torch.nn.functional.mse_loss(pred, target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(models.parameters(), 1.0)
        for grp in opt.param_groups:
            grp["lr"] = lr * min(1.0, (step + 1) / 200)
        opt.step()
        step += 1
        ema_update(ema, models, min(a.ema, (1 + step) / (10 + step)))
        losses.append(float(loss))
        if step % 25 == 0:
            per_step = (time.time() - start) / (step - step0)
            log(f"unet step {step}: loss {sum(losses) / len(losses):.4f}, {per_step:.2f} s/step")
            losses = []
        if time.time() - last_save > a.save_every * 60:
            save_state(path, state())
            last_save = time.time()
    save_state(path, state())
    log(f"unet: stopped at step {step}")


# ------------------------------------------------------------------------------------------------------------
# export: the diffusers layout the converter reads
# ------------------------------------------------------------------------------------------------------------
def load_exported(models, folder):
    from safetensors.torch import load_file

    for name, file in [("unet", "diffusion_pytorch_model.safetensors"), ("text_encoder", "model.safetensors"),
                       ("image_encoder", "model.safetensors")]:
        models[name].load_state_dict(load_file(os.path.join(folder, name, file)))


def export(a):
    from safetensors.torch import save_file

    s = torch.load(os.path.join(a.work, "unet.pt"))
    vae = load_vae(a.work, s.get("init_from"))
    models = make_stage2()
    models.load_state_dict(s["ema"])
    out = a.out
    os.makedirs(out, exist_ok=True)

    def write(name, module, file, config):
        d = os.path.join(out, name)
        os.makedirs(d, exist_ok=True)
        save_file({k: v.contiguous() for k, v in module.state_dict().items()}, os.path.join(d, file),
                  metadata={"format": "pt"})
        with open(os.path.join(d, "config.json"), "w") as f:
            json.dump(config, f, indent=1)
            f.write("\n")

    vae_cfg = dict(load_config("vae"), scaling_factor=vae.config.scaling_factor)
    write("vae", vae, "diffusion_pytorch_model.safetensors", vae_cfg)
    write("unet", models["unet"], "diffusion_pytorch_model.safetensors", load_config("unet"))
    write("text_encoder", models["text_encoder"], "model.safetensors", load_config("text_encoder"))
    write("image_encoder", models["image_encoder"], "model.safetensors", load_config("image_encoder"))
    for name, file in [("scheduler", "scheduler_config.json"), ("feature_extractor", "preprocessor_config.json")]:
        os.makedirs(os.path.join(out, name), exist_ok=True)
        shutil.copy(os.path.join(CONFIGS, name + ".json"), os.path.join(out, name, file))
    shutil.rmtree(os.path.join(out, "tokenizer"), ignore_errors=True)
    shutil.copytree(os.path.join(HERE, "tokenizer"), os.path.join(out, "tokenizer"))
    with open(os.path.join(out, "model_index.json"), "w") as f:
        json.dump({
            "_class_name": "I2VGenXLPipeline", "_diffusers_version": "0.33.1",
            "feature_extractor": ["transformers", "CLIPImageProcessor"],
            "image_encoder": ["transformers", "CLIPVisionModelWithProjection"],
            "scheduler": ["diffusers", "DDIMScheduler"], "text_encoder": ["transformers", "CLIPTextModel"],
            "tokenizer": ["transformers", "CLIPTokenizer"], "unet": ["diffusers", "I2VGenXLUNet"],
            "vae": ["diffusers", "AutoencoderKL"],
            "_localmotion": f"trained on the toy motion world (tools/demo-model), UNet step {s['step']} (EMA)",
        }, f, indent=1)
        f.write("\n")
    log(f"exported UNet step {s['step']} -> {out}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=["vae", "unet", "export"])
    ap.add_argument("--work", required=True)
    ap.add_argument("--out")
    ap.add_argument("--init-from")
    ap.add_argument("--minutes", type=float, default=1e9)
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--batch", type=int, default=None)
    ap.add_argument("--lr", type=float, default=None)
    ap.add_argument("--ema", type=float, default=0.998)
    ap.add_argument("--save-every", type=float, default=3.0, help="minutes between resumable checkpoints")
    ap.add_argument("--seed", type=int, default=20261208)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    golden_module().torch_compat()
    os.makedirs(a.work, exist_ok=True)
    if a.stage == "vae":
        a.steps, a.batch = a.steps or 1500, a.batch or 32
        train_vae(a)
    elif a.stage == "unet":
        a.steps, a.batch = a.steps or 4000, a.batch or 16
        train_unet(a)
    else:
        export(a)


if __name__ == "__main__":
    main()
