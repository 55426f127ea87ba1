// Messages of the Compatibility panel: WebGPU and its adapter (name, features, shader-f16, key limits), threads
// (cross-origin isolation), and what to do when WebGPU is missing.
import { defineMessages } from './define.ts';

export const compat = defineMessages(
  {
    'compat.title': 'Compatibility',
    'compat.checking': 'Checking WebGPU…',
    'compat.available': 'WebGPU is available.',
    'compat.yes': 'yes',
    'compat.no': 'no',
    'compat.notReported': '(not reported)',

    'compat.adapter.title': 'Adapter',
    'compat.adapter.name': 'Name',
    'compat.adapter.vendor': 'Vendor',
    'compat.adapter.architecture': 'Architecture',
    'compat.adapter.description': 'Description',
    'compat.adapter.fallback': 'Fallback adapter',
    'compat.adapter.subgroups': 'Subgroup size',
    'compat.adapter.software':
      'This is a software adapter (it runs on the CPU): results are correct, but generating a video would be extremely slow.',

    'compat.features.title': 'Features',
    'compat.features.f16': 'shader-f16 is supported: fp16 and 4-bit/fp16 (q4f16) models can run.',
    'compat.features.noF16': 'No shader-f16: only fp32-math models (fp32, q4f32) can run on this adapter.',
    'compat.features.none': 'The adapter reports no optional features.',
    'compat.features.list': 'Adapter features',

    'compat.limits.title': 'Key limits',
    'compat.limits.help':
      'They bound what can run here: the largest buffer and storage binding cap the biggest weight or activation tensor, the workgroup limits cap the compute kernels.',

    'compat.threads.title': 'Threads',
    'compat.threads.isolated': 'Cross-origin isolated',
    'compat.threads.cores': 'Logical CPU cores',
    'compat.threads.notIsolated':
      'Without cross-origin isolation, the WebAssembly parts run on one thread. The server must send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp.',

    'compat.noGpu.title': 'WebGPU is not available.',
    'compat.noGpu.insecure-context': 'This page is not a secure context, and browsers offer WebGPU only to secure pages.',
    'compat.noGpu.no-webgpu-api': 'This browser does not offer WebGPU (navigator.gpu is missing).',
    'compat.noGpu.no-adapter': 'The browser supports WebGPU but gave no GPU adapter: the GPU may be blocklisted, or hardware acceleration is off.',
    'compat.noGpu.request-adapter-failed': 'Asking the browser for a GPU adapter failed.',
    'compat.noGpu.intro': 'LocalMotion runs the model on your GPU through WebGPU. To use it:',
    'compat.noGpu.insecureHere': 'This page was opened at {origin}, which is not secure: open it over https:// or at http://localhost instead.',
    'compat.noGpu.browsers':
      'Use a browser with WebGPU: Chrome or Edge 113 or newer on Windows, macOS or ChromeOS (121 or newer on Android); Firefox 141 or newer on Windows; Safari 26 or newer on macOS, iOS and iPadOS.',
    'compat.noGpu.secure': 'Open LocalMotion over https:// or from http://localhost: WebGPU exists only in secure contexts.',
    'compat.noGpu.enable':
      'Enable WebGPU: turn on hardware acceleration (“Use graphics acceleration when available” in the browser’s system settings) and update your GPU driver. On Linux, or if your GPU is blocklisted, try chrome://flags/#enable-unsafe-webgpu in Chrome.',
  },
  {
    'compat.title': '兼容性',
    'compat.checking': '正在检查 WebGPU…',
    'compat.available': 'WebGPU 可用。',
    'compat.yes': '是',
    'compat.no': '否',
    'compat.notReported': '（未报告）',

    'compat.adapter.title': '适配器',
    'compat.adapter.name': '名称',
    'compat.adapter.vendor': '厂商',
    'compat.adapter.architecture': '架构',
    'compat.adapter.description': '描述',
    'compat.adapter.fallback': '后备（软件）适配器',
    'compat.adapter.subgroups': '子组大小',
    'compat.adapter.software': '这是一个软件适配器（在 CPU 上运行）：结果是正确的，但生成视频会极其缓慢。',

    'compat.features.title': '功能',
    'compat.features.f16': '支持 shader-f16：可以运行 fp16 和 4 位权重/fp16 计算（q4f16）的模型。',
    'compat.features.noF16': '不支持 shader-f16：此适配器只能运行 fp32 计算的模型（fp32、q4f32）。',
    'compat.features.none': '此适配器没有报告任何可选功能。',
    'compat.features.list': '适配器功能',

    'compat.limits.title': '关键限制',
    'compat.limits.help': '它们决定了这里能运行什么：最大缓冲区和存储绑定限制了最大的权重或激活张量，工作组限制约束了计算内核。',

    'compat.threads.title': '线程',
    'compat.threads.isolated': '跨源隔离',
    'compat.threads.cores': '逻辑 CPU 核心数',
    'compat.threads.notIsolated':
      '没有跨源隔离时，WebAssembly 部分只能单线程运行。服务器必须发送 Cross-Origin-Opener-Policy: same-origin 和 Cross-Origin-Embedder-Policy: require-corp 响应头。',

    'compat.noGpu.title': 'WebGPU 不可用。',
    'compat.noGpu.insecure-context': '此页面不是安全上下文，而浏览器只向安全页面提供 WebGPU。',
    'compat.noGpu.no-webgpu-api': '此浏览器不提供 WebGPU（缺少 navigator.gpu）。',
    'compat.noGpu.no-adapter': '浏览器支持 WebGPU，但没有提供 GPU 适配器：GPU 可能在黑名单中，或硬件加速已关闭。',
    'compat.noGpu.request-adapter-failed': '向浏览器请求 GPU 适配器失败。',
    'compat.noGpu.intro': 'LocalMotion 通过 WebGPU 在你的 GPU 上运行模型。要使用它：',
    'compat.noGpu.insecureHere': '此页面是从 {origin} 打开的，这不是安全地址：请改用 https:// 或 http://localhost 打开。',
    'compat.noGpu.browsers':
      '使用支持 WebGPU 的浏览器：Windows、macOS 或 ChromeOS 上的 Chrome 或 Edge 113 及以上版本（Android 上为 121 及以上）；Windows 上的 Firefox 141 及以上版本；macOS、iOS 和 iPadOS 上的 Safari 26 及以上版本。',
    'compat.noGpu.secure': '通过 https:// 或 http://localhost 打开 LocalMotion：WebGPU 只在安全上下文中存在。',
    'compat.noGpu.enable':
      '启用 WebGPU：打开硬件加速（浏览器系统设置中的“使用图形加速功能（如果可用）”）并更新 GPU 驱动程序。在 Linux 上，或者你的 GPU 在黑名单中时，可在 Chrome 中尝试 chrome://flags/#enable-unsafe-webgpu。',
  },
);
