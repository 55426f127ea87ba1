// Messages used across the app: its name and tagline, the language switch.
import { defineMessages } from './define.ts';

export const common = defineMessages(
  {
    'app.tagline': 'Image to video, entirely in your browser: nothing you give it leaves this device.',
    'language.label': 'Language',
    'language.en': 'English',
    'language.zh-CN': '简体中文',
    'settings.notNumber': 'Enter a number.',
    'settings.intRange': 'Must be a whole number from {min} to {max} (got {value}).',
    'settings.range': 'Must be between {min} and {max} (got {value}).',
    'settings.multipleOf8': 'Resolution must be a multiple of 8 pixels (got {value}).',
    'settings.badChoice': 'Choose one of the offered values.',
    'settings.promptEmpty': 'Write a prompt: what should move, and how.',
    'settings.promptLong': 'The prompt is {length} characters; at most {max} are allowed (the model reads only the first 77 tokens).',
  },
  {
    'app.tagline': '图片生成视频，完全在你的浏览器中完成：你提供的任何内容都不会离开这台设备。',
    'language.label': '语言',
    'language.en': 'English',
    'language.zh-CN': '简体中文',
    'settings.notNumber': '请输入数字。',
    'settings.intRange': '必须是 {min} 到 {max} 之间的整数（当前为 {value}）。',
    'settings.range': '必须在 {min} 到 {max} 之间（当前为 {value}）。',
    'settings.multipleOf8': '分辨率必须是 8 像素的倍数（当前为 {value}）。',
    'settings.badChoice': '请从提供的选项中选择。',
    'settings.promptEmpty': '请输入提示词：描述什么在动、怎么动。',
    'settings.promptLong': '提示词有 {length} 个字符，最多允许 {max} 个（模型只读取前 77 个词元）。',
  },
);
