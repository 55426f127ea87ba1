// Messages about the chosen image: why a file cannot be used, and notices about one that can.
import { defineMessages } from './define.ts';

export const image = defineMessages(
  {
    'image.empty': 'This file is empty (0 bytes). Choose a PNG, JPEG or WebP image.',
    'image.undecodable': 'The browser could not read this image. Choose a PNG, JPEG or WebP image.',
  },
  {
    'image.empty': '这个文件是空的（0 字节）。请选择 PNG、JPEG 或 WebP 图片。',
    'image.undecodable': '浏览器无法读取这张图片。请选择 PNG、JPEG 或 WebP 图片。',
  },
);
