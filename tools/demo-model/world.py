"""The toy motion world the demo model is trained on: one simple object on a plain, gradient or lightly textured
background, and the 8-frame clip that follows from it (moves left / right / up / down, grows, shrinks, spins, stays
still). The prompt, not the picture, decides the motion: every start position allows every motion.

Everything is seeded and deterministic (torch.Generator); frames are rendered 4x supersampled and box-filtered,
in RGB floats in [0, 1], shape [B, F, 3, S, S].

    python3 world.py heldout --out heldout.json      # the held-out evaluation pairs (committed)
    python3 world.py examples --out DIR               # PNG example images for the app
"""
import argparse
import json
import math
import os

import torch

SIZE = 32
FRAMES = 8
SUPERSAMPLE = 4

COLOURS = {
    "red": (220, 40, 40),
    "green": (40, 175, 60),
    "blue": (45, 85, 225),
    "yellow": (235, 205, 35),
    "purple": (150, 60, 205),
    "orange": (245, 135, 30),
    "cyan": (35, 195, 210),
    "pink": (240, 95, 170),
}
SHAPES = ["disc", "square", "triangle", "star", "ring"]
ROUND = {"disc", "ring"}
MOTIONS = ["left", "right", "up", "down", "grow", "shrink", "spin", "still"]
BACKGROUNDS = ["plain", "gradient", "texture"]

# Prompt words: the first of each list is the one evaluation prompts use.
SHAPE_WORDS = {
    "disc": ["ball", "disc", "circle", "dot"],
    "square": ["square", "box", "block"],
    "triangle": ["triangle"],
    "star": ["star"],
    "ring": ["ring", "donut"],
}
MOTION_PHRASES = {
    "left": ["moves to the left", "slides left", "rolls to the left", "goes left", "drifts to the left"],
    "right": ["moves to the right", "slides right", "rolls to the right", "goes right", "drifts to the right"],
    "up": ["moves up", "rises", "floats upward", "goes up", "slides up"],
    "down": ["moves down", "falls", "drops down", "goes down", "sinks"],
    "grow": ["grows", "gets bigger", "expands", "grows larger"],
    "shrink": ["shrinks", "gets smaller", "contracts", "shrinks away"],
    "spin": ["spins", "rotates", "turns around", "spins around"],
    "still": ["stays still", "does not move", "stays in place", "is still"],
}
GERUNDS = {
    "left": ["moving to the left", "sliding left", "rolling to the left"],
    "right": ["moving to the right", "sliding right", "rolling to the right"],
    "up": ["moving up", "rising", "floating upward"],
    "down": ["moving down", "falling", "sinking"],
    "grow": ["growing", "getting bigger"],
    "shrink": ["shrinking", "getting smaller"],
    "spin": ["spinning", "rotating"],
    "still": ["standing still", "not moving"],
}
STILL_ALONE = ["nothing moves", "a still image", "no motion"]

# target_fps micro-condition: per-frame speed scales with 16 / fps (16 is the app's default motion speed).
FPS_CHOICES = [12, 16, 24]
STEP_PX = 1.5  # displacement per frame at fps 16
GROW_END, SHRINK_END = 1.7, 0.55  # scale at the last frame, fps 16
SPIN_DEG = 12.0  # degrees per frame at fps 16


def valid_motions(shape):
    return [m for m in MOTIONS if not (m == "spin" and shape in ROUND)]


def prompt_for(colour, shape, motion, g=None):
    """A prompt from the templates; g=None gives the evaluation template (first synonyms)."""
    def pick(seq):
        return seq[0] if g is None else seq[int(torch.randint(len(seq), (1,), generator=g))]

    if g is not None and motion == "still" and float(torch.rand(1, generator=g)) < 0.2:
        return pick(STILL_ALONE)
    noun = pick(SHAPE_WORDS[shape])
    if g is not None and float(torch.rand(1, generator=g)) < 0.3:
        return f"{pick(['a', 'the'])} {colour} {noun} {pick(GERUNDS[motion])}"
    return f"{pick(['the', 'a']) if g is not None else 'the'} {colour} {noun} {pick(MOTION_PHRASES[motion])}"


def _star_radius(phi):
    # 5 points: 1 at the tips, 0.45 between them (linear in angle)
    f = torch.abs(torch.remainder(phi * 5 / (2 * math.pi), 1.0) - 0.5) * 2
    return 0.45 + 0.55 * f


def _inside(shape, x, y, r):
    """x, y: object coordinates (already rotated); r: radius, broadcastable. Returns a float mask."""
    if shape == "disc":
        return (x * x + y * y <= r * r).float()
    if shape == "ring":
        d2 = x * x + y * y
        return ((d2 <= r * r) & (d2 >= (0.55 * r) ** 2)).float()
    if shape == "square":
        return (torch.maximum(x.abs(), y.abs()) <= 0.82 * r).float()
    if shape == "triangle":
        inside = torch.ones_like(x, dtype=torch.bool)
        for k in range(3):
            a = -math.pi / 2 + k * 2 * math.pi / 3  # normals of the three sides; apex up
            inside &= (-(x * math.cos(a) + y * math.sin(a))) <= 0.5 * r
        return inside.float()
    if shape == "star":
        return (torch.sqrt(x * x + y * y) <= r * _star_radius(torch.atan2(y, x) + math.pi / 2)).float()
    raise ValueError(shape)


def background(kind, g):
    """[3, S, S] desaturated background (the evaluator segments the object by colour saturation)."""
    lum = lambda: float(torch.rand(1, generator=g)) * 0.7 + 0.12  # noqa: E731
    tint = (torch.rand(3, generator=g) - 0.5) * 0.04
    if kind == "plain":
        return (lum() + tint).view(3, 1, 1).expand(3, SIZE, SIZE).clone().clamp(0, 1)
    if kind == "gradient":
        a, b = lum(), lum()
        ang = float(torch.rand(1, generator=g)) * 2 * math.pi
        t = torch.linspace(-1, 1, SIZE)
        yy, xx = torch.meshgrid(t, t, indexing="ij")
        s = (xx * math.cos(ang) + yy * math.sin(ang)) * 0.5 + 0.5
        return (a + (b - a) * s + tint.view(3, 1, 1)).clamp(0, 1)
    if kind == "texture":
        base = lum()
        n = torch.rand(1, 1, 8, 8, generator=g) - 0.5
        n = torch.nn.functional.interpolate(n, size=(SIZE, SIZE), mode="bicubic", align_corners=False)[0]
        fine = (torch.rand(1, SIZE, SIZE, generator=g) - 0.5) * 0.04
        return (base + n * 0.16 + fine + tint.view(3, 1, 1)).clamp(0, 1)
    raise ValueError(kind)


def trajectory(motion, fps, x0, y0, r0, a0):
    """Per-frame centre, radius and angle (lists of FRAMES floats)."""
    k = 16.0 / fps
    t = [i * k for i in range(FRAMES)]  # frames at fps 16 units
    dx = {"left": -1, "right": 1}.get(motion, 0)
    dy = {"up": -1, "down": 1}.get(motion, 0)
    xs = [x0 + dx * STEP_PX * ti for ti in t]
    ys = [y0 + dy * STEP_PX * ti for ti in t]
    if motion in ("grow", "shrink"):
        end = GROW_END if motion == "grow" else SHRINK_END
        rate = math.log(end) / (FRAMES - 1)
        rs = [r0 * math.exp(rate * ti) for ti in t]
    else:
        rs = [r0] * FRAMES
    spin = SPIN_DEG if motion == "spin" else 0.0
    angs = [a0 + math.radians(spin * ti) for ti in t]
    return xs, ys, rs, angs


def render(spec):
    """spec: dict(colour, shape, motion, fps, x, y, r, angle, bg, bg_seed). Returns [F, 3, S, S] in [0, 1]."""
    g = torch.Generator().manual_seed(int(spec["bg_seed"]))
    bg = background(spec["bg"], g)
    xs, ys, rs, angs = trajectory(spec["motion"], spec["fps"], spec["x"], spec["y"], spec["r"], spec["angle"])
    n = SIZE * SUPERSAMPLE
    c = (torch.arange(n, dtype=torch.float32) + 0.5) / SUPERSAMPLE  # pixel-space sample coordinates
    yy, xx = torch.meshgrid(c, c, indexing="ij")
    px = xx.unsqueeze(0) - torch.tensor(xs).view(-1, 1, 1)
    py = yy.unsqueeze(0) - torch.tensor(ys).view(-1, 1, 1)
    ca = torch.cos(torch.tensor(angs)).view(-1, 1, 1)
    sa = torch.sin(torch.tensor(angs)).view(-1, 1, 1)
    ox, oy = ca * px + sa * py, -sa * px + ca * py
    mask = _inside(spec["shape"], ox, oy, torch.tensor(rs).view(-1, 1, 1))
    cov = torch.nn.functional.avg_pool2d(mask.unsqueeze(1), SUPERSAMPLE)  # [F, 1, S, S]
    col = torch.tensor(COLOURS[spec["colour"]], dtype=torch.float32).view(1, 3, 1, 1) / 255
    return bg.unsqueeze(0) * (1 - cov) + col * cov


def random_spec(g, exclude=frozenset()):
    """A training clip: any (colour, shape, motion) not in `exclude`."""
    while True:
        colour = list(COLOURS)[int(torch.randint(len(COLOURS), (1,), generator=g))]
        shape = SHAPES[int(torch.randint(len(SHAPES), (1,), generator=g))]
        ms = valid_motions(shape)
        motion = ms[int(torch.randint(len(ms), (1,), generator=g))]
        if (colour, shape, motion) not in exclude:
            break
    u = torch.rand(6, generator=g).tolist()
    return {
        "colour": colour, "shape": shape, "motion": motion,
        "fps": FPS_CHOICES[int(torch.randint(len(FPS_CHOICES), (1,), generator=g))],
        "x": 9 + 14 * u[0], "y": 9 + 14 * u[1], "r": 4.5 + 2.5 * u[2], "angle": u[3] * 2 * math.pi,
        "bg": BACKGROUNDS[int(u[4] * len(BACKGROUNDS)) % len(BACKGROUNDS)],
        "bg_seed": int(torch.randint(2**31 - 1, (1,), generator=g)),
    }


HELDOUT_SEED = 20261208
HELDOUT_PER_MOTION = 4


def heldout():
    """The held-out (colour, shape, motion) triples and one evaluation pair each: 4 per motion class, 32 in all.
    Training never sees these triples; each pair's image (position, size, background) is fixed here."""
    g = torch.Generator().manual_seed(HELDOUT_SEED)
    pairs, seen = [], set()
    for motion in MOTIONS:
        shapes = [s for s in SHAPES if motion in valid_motions(s)]
        k = 0
        while k < HELDOUT_PER_MOTION:
            colour = list(COLOURS)[int(torch.randint(len(COLOURS), (1,), generator=g))]
            shape = shapes[int(torch.randint(len(shapes), (1,), generator=g))]
            if (colour, shape, motion) in seen:
                continue
            seen.add((colour, shape, motion))
            u = torch.rand(4, generator=g).tolist()
            pairs.append({
                "id": f"{colour}-{shape}-{motion}", "colour": colour, "shape": shape, "motion": motion, "fps": 16,
                "x": 12 + 8 * u[0], "y": 12 + 8 * u[1], "r": 5 + 1.5 * u[2], "angle": u[3] * 2 * math.pi,
                "bg": BACKGROUNDS[k % len(BACKGROUNDS)],
                "bg_seed": int(torch.randint(2**31 - 1, (1,), generator=g)),
                "prompt": prompt_for(colour, shape, motion),
            })
            k += 1
    return pairs


def heldout_triples():
    return frozenset((p["colour"], p["shape"], p["motion"]) for p in heldout())


def save_png(frame, path):
    from PIL import Image

    arr = (frame.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).contiguous().numpy()
    Image.fromarray(arr).save(path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["heldout", "examples"])
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.what == "heldout":
        pairs = heldout()
        doc = {
            "about": "Held-out evaluation pairs of the toy motion world (tools/demo-model/world.py); training never "
                     "sees these (colour, shape, motion) triples. Images: frame 0 of render(pair), 32x32.",
            "size": SIZE, "frames": FRAMES, "motions": MOTIONS, "step_px_at_fps16": STEP_PX,
            "pairs": pairs,
        }
        with open(a.out, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        os.makedirs(os.path.join(os.path.dirname(a.out) or ".", "heldout"), exist_ok=True)
        for p in pairs:
            save_png(render(p)[0], os.path.join(os.path.dirname(a.out) or ".", "heldout", p["id"] + ".png"))
        print(len(pairs), "pairs ->", a.out)
    else:
        os.makedirs(a.out, exist_ok=True)
        examples = [
            ("red", "disc", "plain", 16, 16, 6.0, 0.0),
            ("blue", "square", "gradient", 15, 17, 5.5, 0.3),
            ("yellow", "star", "texture", 16, 15, 6.5, 0.0),
            ("green", "triangle", "plain", 17, 16, 6.0, 0.0),
        ]
        for i, (colour, shape, bg, x, y, r, ang) in enumerate(examples):
            spec = {"colour": colour, "shape": shape, "motion": "still", "fps": 16, "x": x, "y": y, "r": r,
                    "angle": ang, "bg": bg, "bg_seed": 1000 + i}
            save_png(render(spec)[0], os.path.join(a.out, f"{colour}-{shape}.png"))
        print(len(examples), "examples ->", a.out)


if __name__ == "__main__":
    main()
