const fs = require('fs');
const out = [];
try {
  const koffi = require(process.argv[2]);
  out.push('koffi ' + koffi.version);
  const ws = koffi.load('ws2_32.dll');
  const WSAStartup = ws.func('int __stdcall WSAStartup(uint16_t ver, _Out_ uint8_t *data)');
  out.push('startup ' + WSAStartup(0x202, Buffer.alloc(512)));
} catch (e) { out.push('ERR ' + e.stack); }
fs.writeFileSync(process.argv[3], out.join('\n'));
