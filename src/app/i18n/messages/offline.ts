// Messages of the offline status line: whether the app is saved on this device for offline use, and whether the
// network is there.
import { defineMessages } from './define.ts';

export const offline = defineMessages(
  {
    'offline.label': 'Offline use',
    'offline.development': 'Offline use is off in development builds.',
    'offline.unsupported': 'This browser cannot keep the app for offline use (it needs https:// and service workers).',
    'offline.saving': 'Saving the app on this device for offline use…',
    'offline.ready': 'Works offline: the app is saved on this device.',
    'offline.failed': 'The app could not be saved for offline use: {detail}',
    'offline.now': 'You are offline:',
    'offline.nowMore': 'installed models still work; downloads wait for the network.',
  },
  {
    'offline.label': '离线使用',
    'offline.development': '开发版本不提供离线使用。',
    'offline.unsupported': '此浏览器无法保存本应用以供离线使用（需要 https:// 和 Service Worker）。',
    'offline.saving': '正在将本应用保存到此设备以供离线使用…',
    'offline.ready': '可离线使用：本应用已保存在此设备上。',
    'offline.failed': '无法保存本应用以供离线使用：{detail}',
    'offline.now': '你已离线：',
    'offline.nowMore': '已安装的模型仍可使用；下载会等到网络恢复后再进行。',
  },
);
