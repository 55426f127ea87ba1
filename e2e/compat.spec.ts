// The Compatibility panel: reports the WebGPU adapter and cross-origin isolation, or says what to do without WebGPU.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** The value next to a label in one of the panel's fact lists. */
const fact = (scope: Locator, term: string) => scope.locator(`dt:text-is("${term}") + dd`);

test('reports the fallback adapter, its features and key limits, and cross-origin isolation', async ({ page }) => {
  await page.goto('/');
  const panel = page.getByRole('region', { name: 'Compatibility' });
  await expect(panel.getByText('WebGPU is available.')).toBeVisible();

  // What the browser itself says, to compare the panel with.
  const truth = await page.evaluate(async () => {
    type Adapter = { features: Set<string>; limits: Record<string, number>; info: { architecture: string } };
    const gpu = (navigator as unknown as { gpu: { requestAdapter(): Promise<Adapter> } }).gpu;
    const adapter = await gpu.requestAdapter();
    return {
      features: [...adapter.features].sort(),
      maxBufferSize: adapter.limits.maxBufferSize!,
      architecture: adapter.info.architecture,
      crossOriginIsolated,
    };
  });

  await expect(fact(panel, 'Fallback adapter')).toHaveText('yes');
  await expect(fact(panel, 'Architecture')).toHaveText(truth.architecture);
  expect(truth.architecture).toMatch(/swiftshader/i);

  expect(truth.features.length).toBeGreaterThan(0);
  await expect(panel.getByRole('list', { name: 'Adapter features' }).getByRole('listitem')).toHaveText(truth.features);
  // SwiftShader has no shader-f16, and the panel says what that means.
  expect(truth.features).not.toContain('shader-f16');
  await expect(panel.getByText(/No shader-f16: only fp32-math models/)).toBeVisible();

  await expect(fact(panel, 'maxBufferSize')).toContainText(`(${truth.maxBufferSize})`);
  const otherLimits = ['maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup'];
  for (const limit of otherLimits) await expect(fact(panel, limit)).toHaveText(/\d/);

  expect(truth.crossOriginIsolated).toBe(true);
  await expect(fact(panel, 'Cross-origin isolated')).toHaveText('yes');
});

test('lists the demo bundle shipped in public/models and says it produces noise', async ({ page }) => {
  await page.goto('/');
  const panel = page.getByRole('region', { name: 'Model' });
  const item = panel.getByRole('list', { name: 'Bundled models' }).getByRole('listitem');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('i2vgen-xl-tiny-demo');
  await expect(item).toContainText('q4f32');
  await expect(item).toContainText('random weights');
});

/** The advice every "no WebGPU" message must give. */
async function expectNoWebGpuAdvice(page: Page, why: RegExp): Promise<void> {
  const alert = page.getByRole('region', { name: 'Compatibility' }).getByRole('alert');
  await expect(alert).toContainText('WebGPU is not available.');
  await expect(alert).toContainText(why);
  await expect(alert).toContainText('Chrome or Edge');
  await expect(alert).toContainText('https://');
  await expect(alert).toContainText('http://localhost');
  await expect(alert).toContainText('Enable WebGPU');
}

test.describe('without --enable-unsafe-webgpu', () => {
  test.use({ webgpu: false });

  test('explains that WebGPU is missing and what to do', async ({ page }) => {
    await page.goto('/');
    // Headless Chromium without the flag either hides navigator.gpu or returns no adapter.
    await expectNoWebGpuAdvice(page, /navigator\.gpu is missing|gave no GPU adapter/);
  });
});

test('explains a browser without navigator.gpu', async ({ page }) => {
  await page.addInitScript(() => {
    delete (Navigator.prototype as { gpu?: unknown }).gpu;
  });
  await page.goto('/');
  await expectNoWebGpuAdvice(page, /navigator\.gpu is missing/);
});

test('speaks Simplified Chinese when that is the chosen language: compatibility, models, import and offline status', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('localmotion.locale', 'zh-CN'));
  await page.goto('/');
  const compat = page.getByRole('region', { name: '兼容性' });
  await expect(compat.getByText('WebGPU 可用。')).toBeVisible();
  await expect(compat.locator('dt:text-is("后备（软件）适配器") + dd')).toHaveText('是');
  await expect(compat.getByText('不支持 shader-f16')).toBeVisible();
  const models = page.getByRole('region', { name: '模型' });
  await expect(models.getByRole('list', { name: '本站模型包' }).getByRole('button', { name: '安装 Tiny demo (random weights)' })).toBeVisible();
  await expect(models.getByText('推荐用于此 GPU')).toBeVisible();
  await expect(models.getByRole('heading', { name: '导入官方检查点' })).toBeVisible();
  await expect(models.getByRole('combobox', { name: '精度' })).toHaveValue('q4f32');
  await expect(models.getByText(/^存储空间：本站已用 /)).toBeVisible();
  await expect(page.getByRole('status', { name: '离线使用' })).toBeVisible();
});
