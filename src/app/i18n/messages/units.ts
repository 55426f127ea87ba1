// Unit words of formatted numbers (src/app/format.ts): sizes under 1 KiB and times left. Symbols such as KiB, MiB
// and /s are the same in every language and are not here.
import { defineMessages } from './define.ts';

export const units = defineMessages(
  {
    'format.bytes': '{n} bytes',
    'format.seconds': '{n} s',
    'format.minutes': '{n} min',
    'format.hours': '{n} h',
  },
  {
    'format.bytes': '{n} 字节',
    'format.seconds': '{n} 秒',
    'format.minutes': '{n} 分钟',
    'format.hours': '{n} 小时',
  },
);
