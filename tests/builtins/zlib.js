// node:zlib: decompression of data node produced (embedded below), round
// trips in every format, level and strategy, the outputs that are
// byte-identical to Node's zlib, Node's errors (code, errno, message),
// option checks, the callback API, crc32, constants, and the stream
// classes. Printed results are compared between node and nabi.
//
// Compressed bytes are printed only for short inputs, where nabi's engine
// (zlib-rs) gives the same bytes as Node's zlib. Elsewhere both are valid
// deflate streams of different lengths, so only round trips are compared.
'use strict';
const zlib = require('zlib');
const { Buffer } = require('buffer');
const crypto = require('crypto');

function attempt(label, fn) {
  try {
    const r = fn();
    console.log(label, 'ok', Buffer.isBuffer(r) ? `<Buffer ${r.toString('base64')}>` : r);
  } catch (e) {
    console.log(label, 'throws', e.name, e.code, e.errno, JSON.stringify(e.message), Object.keys(e).join());
  }
}
const sha1 = (b) => crypto.createHash('sha1').update(b).digest('hex');

// The text the fixtures compress (made the same way node made them).
function makeText() {
  const words = ['alpha', 'beta', 'gamma', 'delta', 'node', 'nabi', 'zlib', 'stream', 'buffer', 'deflate'];
  let seed = 7;
  const lines = [];
  for (let i = 0; i < 100; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    lines.push(`${i}: ${words[seed % 10]} ${words[(seed >> 8) % 10]} ${seed % 1000}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}
const text = makeText();
const dict = Buffer.from('alpha beta gamma delta node nabi zlib stream buffer deflate');

// zlib.*Sync output of node v20 for `text` (see the keys), base64.
const fixtures = {
  gzip: 'H4sIAAAAAAAAA21VW27cMAz8n1P4CBJF8bG38SJOG2CTFun2p6cPuLa3ppwfGSCoITmckctl+nd7u04vy+ttvi9TrYJ6mebb75/z9DFf3ybiAsqRUtAu04/5/X2e/tw/l/l90krgPWs9I61v8I9DukCOgaoCPQbMBbYjr2cA+5azRtgFtRyvUTT97PoRciqodJmuf19fl8+170qG2i7Tx6+XZT3UGJXTxSoFtad5PUJ744+IdUHVPellud3ntaINtJgSqm8lnxwbg0oqoVJA9dnuitjJQLT3+0hjBrVMkFcC8ZGOLqD+f/S4zWwgOZfUQ8mtOTGQJZKiqCeSmhS0MozlhdHqublGRzQmRmvPsttHzND4mNcCrWe0GmiSVcYhRt3zNjhWQrOhv1h28z1zo7gTuIzdOBm4jlEzA1OuHkRwkhQRg3m8G/xzP0WLgeU7Lljz/roY2AZ9hJ5598Z1uc9TU0EvgwZ7JfRRW0qGTqPgxNBHZ1cndB7tTujZJMYFPSuMraDrsIXOjD7apEWNp8Qeo5gVyHOUB4R3gtRh/ZFGoyQgLYfCwsJnNcmgMHWCyKCmYED0yHNXgdjJO7FP8dRzTKbpsRIXaE2SEYbS+dnTNrha+TyVpie2NYHKN1l6pk3tdNPHySvBdp+vCisMG3YgVmB02US0ocH27ndTNYEli9fASu3H024nQ4TOTcdoi2h+qALPRzwvmdnuBD+ZO1bn4w4ic3htrRGc0/8o/mLej/KI35hnL0gpcM2/USvws4ji1fc0hargCyrcSl6oBwAA',
  deflate1: 'eAFlVEmSHDEIvOcr6gkSQgj1b6qja+yJ6Bk7xu2LX+9AC7XMRQcFJCSZEG7Lv+f7fXlsb8/1tS0xCuJtWZ+/f67L53p/X4gD6PwTAtJt+bF+fKzLn9fXtn4sJRJ4RvVsCgF5wLcakgVy/IhFUI4fWgU6kTu+AdcR03+4CmI4ppE17V23WpUCIt2W+9+3t+2rM4mkiOm2fP56bP0pyojedkuMEhDzZNImUO1rNt5+NAtimUGP7flal1bRmx9j0UKIdZT0GSuDwsxugEUCKHq7HTGTgmj2a1oUZpCPvo+jRgLxcRxZQNmxGltmBcn3ksXDvDlRkM6iNqlWtM7cNqQkASlcaNXASPGsnjWXnIKhMTFS8rJDH1FF4mPVZGj5jBYNzVl0l7GZscy4AceFkCaJyczETnVGjhFnAodrN5UUvKsxQFUV7JvQq9sg+GQpIgbzFdHmz7sms82gYLnG2ix4F6bpl0XB6pG9efMzz924b691SUWQw6Q4PJgjIe9sem4hRd73Y0xDFNntNdJjJWS+YBZCPi+JckB2bZqpWQNyubgkMyNf1yRZDbdYo6IaIE6lDaFmgviaD/kt7CIKB0iafu1htsLiJPrimJvk4rBSCSKT7JDJJiDzTrXmchHIUY5+PDkoxB3WejZm5XSspApKPFqdhFFoFt3PXkmXrS5+qnZW5XRiUxIUV+EQ5cdqH1vRI3zL9N4n80jQuefdYYGhFw1EA5RuSzdRPxAJOrsfWDUJ9LTi0bBO7dtp128LYT7XfSEGXrLfueNt1sXw5j60Ngyvuon6ZHMl1H0dBppJV68aWKSvQ8/WRKjz2g4fFUGdNLp3rayr0HZBQkB1EdoXaUD9biK7+vXEohTBfxfyM2M=',
  deflate9filtered: 'eNptVctu4zAMvM9X6BNIiuIjf2Mj7m6ANF10s5d+fQ+2s5bciwwQFDkczdB0KV/321yuy9t9ei6F2cCXMt3//J7KY5pvRZQgfYQI9VJ+Te/vU/n7/Fym9+Is0D1rPYUIbSv/db/NxZrBjgF2gx8DkYbYK6+nsyC3nDWiaWA6XhM28Av11/02lxQCy6XM/97els8VN0uA66U8Pq7LengoWLuLbARu3bxpBN6BP6b5VqIZ2Pek63J/TmvHGGgJF3BuLV8ch0Koa+FGEH7BXSs2CYjseKf5VlwVUnuCkgWiRzqaQdr/0T+uS1ENiJ1b+qHlBs4CEh1JqpDsSKpGqDSMlaSofAZX5VhNRVHrq+32sQhUPeZVUtTWV2MWVOtVpkSovudt5dQFNQZ8Hoqae+ZGcRMojWhSAspjNCKg0nevRtBOUiIK1fGuakDbKUoBtZ+4UO/fr1lAY9AHS0B3b8zLcyrVDY0GDTYWtFFbLoEmo+As0EZncwqajnYXtN4koYTWK0yD0Hx4haaKNtqkpqC9JDYvz6lEEOw1yuPjupRsAuPh+YNgMkoCVvtQGsH0rCYbFOYpMBvUxCkwP/Lc3GBx8o5SwLLDXFPg3bKyNDh3kjGFy3nteR1c7XqeyrsVW6vB7YcsP9PmcbqZ4+QsiN3nq8JIEcMbWBBCLpuItmqIHf1uqmqIzuJMiujgaxriZAiWQPgYrRKIflGRInKsl9Qz21KQ/JMVU85iyGHbRhWkdv8jdkO2ozwiDdl7wYiQ3v9Gg5BnETUJZDeFu+EbF/IzYw==',
  deflateHuffman: 'eAEFwcGRhSAQBcD7RPFCAETEyeZRDkoVqOV+L0a/3U7x9VawWe38GbxP4hXs90GcLA0hOgkK9vsgTpaG4JxMip1jEH+/xziw+CBRwX4fBPt9EME5mRVfbwVfbwVpTpIUX28FX28FfkmyKL7eCr7eCvKaJCt2jkHsHINYfJBV8fVWsHMMIq5JvFN8vRV8vRUEn8R7Bft9EF9vBWtw4oOivLXag5OlwYcsflKc12Y4r82w5Cg+Ktjvg/h6K/DJiZ8V7PdBnCwNa3Lik+LrreBkachzEr8o2O+D2Kz/iDU48Vmxcwzi7/cYB/ISxK+K89oMm9XOn8HnKMEp2O+DOFkaluQkeEV5a7UHm/UfMYcsISjOazOcLA1LjBImxc4xiJ1jEKsPEqLi663g661gThJmRXlrtQfntRlizBKSgv0+iJOlYUlOwqIob632YLPa+TP4lCVkxXlthvPaDEuMElYF+30QX28FU3IyOcV5bYbNaufPsLook1fsHIPYOQax+iBTUJzXZjivzRBDlGlSlLdWe1DeWu1BylmmqDivzXBem2FyUaZZsXMMYucYhPdBpqRgvw+C/T6I6JxMi2LnGER5a7UHcQkyZcV5bYbNaufPsOQo06rYOQaxWf8R8xwkOkV5a7UH5a3VHqwhS/SK8tZqD8pbqz3IOUsMCvb7INjvg5iSkzgpzmsznNdmCCFKjIry1moPylurPYgxS5wV5a3VHpS3VnsQXZaYFOWt1R6Ut1Z7kHKWuCjKW6s9OK/NMKcsMSvKW6s92Kz/CB+yxFXx9VZQ7EdMS5LZKXaOQfz9HuPA7IPMXlHeWu3BZv1HLCHLHBTlrdUebNZ/xJyyzJNi5xjE3+8xDvg1yBwVO8cg/n6PcWAJMs8K9vsgTpaGHJ3MScF+H8TJ0hCzk3lRnNdm2Kx2/gxzjDJnxc4xiL/fYxyY1iDzqmC/D6LYj8jZSXKKnWMQ57UZ1jlI8gr2+yDY74OI2UkKCvb7INjvg4hO0qRgvw+C/T6INTlJUbFzDGLnGIT3QdKs2DkGsXMMYlmDpKTYOQZR3lrtgV+DpEXx9VZQ7EfMS5KUFeWt1R5sVjt/huiypFWxcwzivDbDtAZZnOLrreDrrSCtSRavOK/NcF6bIaQoS1DsHIPYOQax+CDLpPh6K/h6K5iTLFHBfh8E+30Qa3KyzIqvt4Kvt4JpSrIkBft9EOz3QazJybIo2O+DYL8PImYnS1Z8vRV8vRVMU5JlVewcgyhvrfbA+yDZKc5rMxT7EZOLkr2C/T4I9vsgUnaSg2Kz/iO+3gqmSfKk+HorKG+t9mCdkuSoOK/NcF6bwbsoeVZ8vRV8vRXENUlOivLWag/KW6s98CFLXhTlrdUelLdWezCFLDkrzmsznNdmWFyUvCq+3gq+3grimmR1ip1jEDvHIOY1yOoV5a3VHpS3VnsQXZY1KHaOQewcg1jWIOuk2DkGsXMMIk9B1qj4eivYOQbhlyTrrPh6Kyj2I/KaZE0K9vsgTpaG5Jysi4L9PoiTpSFkJ2tWlLdWe7BZ7fwZ5pBlXRVfbwVfbwXLkuQfF/IzYw==',
  deflateRle: 'eAEFwcGRhSAQBcD7RPFCAETEyeZRDkoVqOV+L0a/3U7x9VawWe38GbxP4hXs90GcLA0hOgkK9vsgTpaG4JxMip1jEH+/xziw+CBRwX4fBPt9EME5mRVfbwVfbwVpTpIUX28FX28FfkmyKL7eCr7eCvKaJCt2jkHsHINYfJBV8fVWsHMMIq5JvFN8vRV8vRUEn8R7Bft9EF9vBWtw4oOivLXag5OlwYcsflKc12Y4r82w5Cg+Ktjvg/h6K/DJiZ8V7PdBnCwNa3Lik+LrreBkachzEr8o2O+D2Kz/iDU48Vmxcwzi7/cYB/ISxK+K89oMm9XOn8HnKMEp2O+DOFkaluQkeEV5a7UHm/UfMYcsISjOazOcLA1LjBImxc4xiJ1jEKsPEqLi663g661gThJmRXlrtQfntRlizBKSgv0+iJOlYUlOwqIob632YLPa+TP4lCVkxXlthvPaDEuMElYF+30QX28FU3IyOcV5bYbNaufPsLook1fsHIPYOQax+iBTUJzXZjivzRBDlGlSlLdWe1DeWu1BylmmqDivzXBem2FyUaZZsXMMYucYhPdBpqRgvw+C/T6I6JxMi2LnGER5a7UHcQkyZcV5bYbNaufPsOQo06rYOQaxWf8R8xwkOkV5a7UH5a3VHqwhS/SK8tZqD8pbqz3IOUsMCvb7INjvg5iSkzgpzmsznNdmCCFKjIry1moPylurPYgxS5wV5a3VHpS3VnsQXZaYFOWt1R6Ut1Z7kHKWuCjKW6s9OK/NMKcsMSvKW6s92Kz/CB+yxFXx9VZQ7EdMS5LZKXaOQfz9HuPA7IPMXlHeWu3BZv1HLCHLHBTlrdUebNZ/xJyyzJNi5xjE3+8xDvg1yBwVO8cg/n6PcWAJMs8K9vsgTpaGHJ3MScF+H8TJ0hCzk3lRnNdm2Kx2/gxzjDJnxc4xiL/fYxyY1iDzqmC/D6LYj8jZSXKKnWMQ57UZ1jlI8gr2+yDY74OI2UkKCvb7INjvg4hO0qRgvw+C/T6INTlJUbFzDGLnGIT3QdKs2DkGsXMMYlmDpKTYOQZR3lrtgV+DpEXx9VZQ7EfMS5KUFeWt1R5sVjt/huiypFWxcwzivDbDtAZZnOLrreDrrSCtSRavOK/NcF6bIaQoS1DsHIPYOQax+CDLpPh6K/h6K5iTLFHBfh8E+30Qa3KyzIqvt4Kvt4JpSrIkBft9EOz3QazJybIo2O+DYL8PImYnS1Z8vRV8vRVMU5JlVewcgyhvrfbA+yDZKc5rMxT7EZOLkr2C/T4I9vsgUnaSg2Kz/iO+3gqmSfKk+HorKG+t9mCdkuSoOK/NcF6bwbsoeVZ8vRV8vRXENUlOivLWag/KW6s98CFLXhTlrdUelLdWezCFLDkrzmsznNdmWFyUvCq+3gq+3grimmR1ip1jEDvHIOY1yOoV5a3VHpS3VnsQXZY1KHaOQewcg1jWIOuk2DkGsXMMIk9B1qj4eivYOQbhlyTrrPh6Kyj2I/KaZE0K9vsgTpaG5Jysi4L9PoiTpSFkJ2tWlLdWe7BZ7fwZ5pBlXRVfbwVfbwXLkuQfF/IzYw==',
  deflateFixed: 'eAEzsFKoyslMUkhJTctJLElVMDQ04zK0UkjMKchIVMhLTMpUMDIx4DJCFTEw4DK2UkhPzM1NVCguKUpNzFUwNzTiMoGpgpAgZaZQ48GEmakZlxmygKG5GZc5soCFpRmXBcxkCAky2BKqBiJiYmnGZWiArM0I5Gi4q8FClkYGXIZGVgpJpWlpqUUQdxsaWXAZGlsp5OWnpEIIcwsTLkMTFI2GZgZchqYo/rUECcEcDhaxMDXjMjSHKUpJzSlJhNhogRYsFuZGXIaWUCvhYWxhwmVkgGKFuZkBl5Eh3LkQE02NLLiMjGDuBSszMeEyMkYNIEtDIy4jE+TgMDXjMjJFeB2k28TEgsvIDNNKcyQroY4zs+AyskAJJJClliiBZGxmwGVsgOYtSwMTLmNDTMcZGyGbZmJkwmVsDLcWSplZWHAZmyCrMwaZZopqmiHINDPUVGYCSozmMHVQ40zMjbiMLdDcB4psY0uYSmgQmxpxmRigu8bSyILLxBBd1MLCgsvECNV2UECYoCQpIyMTLhMTdL2g8DcxxRA1sOAyMcMWFibmqPFnambBZWKBlj5A6dkEljeSUksSFYzNzbhMDdDSoKmhEZcpetoyN7LgMjVCT3BmFlym6Dnb0NKIy9QEPbsbcZmiZhILEwMuU9QUZmJhwGVqjhYLpiYmXKbo2cQYZAc8iYG9YmFhwGUG9wrYCEtTIy4zQ7ToBykzQk8SXGbGqEKgLGxmgpmazNBSmLmlEZeZGVpqAoWAmTlyOJuam3GZWWDkHVB8mlmiuBnkM3OUwsrM0ozL3BAlyZiZcJkbYRZ75sZoudrcBNNX5ihFrLGxGZe5GRZV5pjBZm6BodMS3eeGRlwWsHwOSWEGJlwWaHFgZmHAZWFkBU1EUNO4LGCuh2UqYzMuC5QsbggyC8X5oKLdAiNDgNK5hTm6qDFIFLWgAplniW6epQFqyJpaGnFZYmRuUNRZoscBSCVaaWthbMRlaYJSH4FqMUtT5OQBqsYsUfOCmYEBl6U5ajVqYcBliZmIQKW+JYovzM3NuAAX8jNj',
  raw5: 'bVRbbtwwDPyfU/gIEkXxsbfxIk4bYJMW6fanpw+4tremnB8bGFBDcjhkuUz/bm/X6WV5vc33ZapVUC/TfPv9c54+5uvbRFxAGSkF7TL9mN/f5+nP/XOZ3yetBN6j1m+E9Y3+8ZEukCNQVaBHwFxgO/P6DWLfYlaEXVDL8RlF0c+qH5BTQaXLdP37+rp8rnVXMtR2mT5+vSzrR41ROT2sUlB76tcD2gt/INYFVfegl+V2n9eMNshiSqi+pXxqbAwqKYVKAdVnuStjJwPRXu8jjBnUskBeCcRHObqA+v/W4zWzgeScUg8pt+LEQJZEiqSeRGpS0MrQlhdGq+fiGh3ZmBitPdNuPzFD42NcC7ae2WqwSXYZhxl1j9voWAnNhvpi2M33yE3iTuAyVuNk4DqiZgamnD2E4GQpIgbz+Db0535Ci4HlOy1Y8/y6GNgGf4Sfed+N63Kfp6aCXgYP9kroo7eUDJ0GMLL0cbOrEzqP607oeUmMC3p2GFtB12EKnRl9XJMWOZ4We7RiViDPVh4U3glSh/FHGI2WgLQMxQoLn90kg8PUCSKDm0IB0aPOXQVyHMfaW8xTPNUcnWk6VuICrckywlA6nz1tw1Yrn7vSdGJbE6h8E6Vn2dROL33svBJs3/PVYYVhwwzECowum4k2Nthe/b5UTWBpxWtwpfLjtNtpIcLnpiPaAs2HKvh85POSle1O8NNyx+h8nEFEDtfWGsH3a7v5SAW+t7F6N9LmXZBS4JogsgI/myiuvqcuVAVf',
  window9: 'GJVUjkEOgzAMBO9+hZ9gGzAkv3FE0iIlVUXppa+vQqCilzmMdldLHj95CTjHlG2LyKzAHi0/74YPCwtKTyD/hgg6jzcrxfC1rdEKjizQn6nGGhuO+R06KOhV8KgwXsXkFKZzubEOuyPTTO8UmK41qad/r3flhIDFY3inFNf2m2UC7jx+yR6DHAZCEIruOcUcYWAQ8Tgm2tW0TVrvn2ZQTM1s/oLweY/Xu9QeURmQlyLKDhiWf9M1cnGbaBDA6Eulni134pT/tk/Nz00jAaaBLPVx5lY3VAbaF0SUHQinbr8YSIHIfW2NGehwRs+EBMTDziIIUJi3rM2sQHJHxj/kkBMFUodeYdDkXSMc8iN7jHEYhmEYuPMVfYIs0TbznALt1rH/R+EmMRxlkQCCOlKGsPTWZkSUe7nwlUYnImbssZqE4OqLQatXWhm0+cU+aYbop+/AsTtCqV8XEdvpfL0/3+ejVgctt9lcYMmqJNCv6dEMjLW3O0HmW1JgvakmsGW1jZw+1T+1NoGa2l7+x/UY5CAQwlB031P0CFD4UOY2EDFOgsYoK09vmAkmsunipb+/z44308afthcutWd2MRDMVHz3V813hhWCXbJRlCALHC1wS9wmIfgFRiFg49yet8yPXHZWbwjhD3k1hLidBpd6bblXhvcEXc650ZFm+FBRNRR+KseJBKFg59Y5R0eQhZkv2+OSwjAMxNC9TpEjzPijsX2cQAOFrgrd9PQl/oS4yUYLjTTogX62MgU8IJqqOjDOnmUHcnjrZ9se70V308ryfT3XNi4awVRGYLAFSWCeNu9kJr1bhZkwLe1cxTHA3N8QdTB/7kXCwpXK4jnkPWG8SdnshSSwdGke2zuYqkOSvrWSewlIOj/7cT0GOQyDMBC8+xU8AQw1a35DFKpWQlUP+b8qlLgKXHwY2eNdgSdwcXvrRzUbwdJfLo1CSPfeYbim+EmFIMVOLAWDkFcaB8Xdl4dPV596K3XOhzJpWG3Jg5TnzTw248wQmTRdP04UspBaja0d1WG8leJq/76q+9Tt7cR70jwhhifFP8jenr3+VpKqYGpkwWWJ4gtzczMuABfyM2M=',
  gzipWindow9: 'H4sIAAAAAAAAA22PQXLlIAxE9zqFjgBCCMFtcBknv8r+k/pxNjn9FNh4bP/ZsGjU3a9Nwt/5MeBYpjmvBa0VsAnz/PWZ8ZmHBxIboKtiDLiEH3lZMn6vr5IXDJaA+9XmJmPA7/GtQ7yAnAUbBMJZ0CigPXnLr8Fxv9kUjgLWnG1UoQ/q1hXJgKWEw880lde2xJKCdQmff8ayPUEZ7IHdjFYMWH/ZG6vUwZ95eKB6ARv60VjmNW+NB/z3+ip5QQ0ENu6VY5nmvBa0ykDmUhHEANkDd0v0pEDUeWtvYAZyCT/ysuT9jZaAOGGjb48XIH9ktbXMCiTvleFUucOJAmkvrd5WGru3NTgx4MxtVjQMzr7DuWNCIyEG547a4WeaygtFFRyfW11N89c0awncsSLPX58Z2Rhwod/tcRwIXB8xlm1ZUAYX++VY5jWj9wRs7jSRFNjeVVUFpoRb7/Y6McDuzE3EwHz3Miuwf1ONAstdldoTDvX5ZyzoRYH10DZ4WzFjwt/5MeBQ1owuCHjTJ36vr5IX9JbA/1uzeQMpeLoF1hbvbnYbCTzfxEDgfcI8f31mfObhgcoGvFwkVgM+JGwLxjLNeS3omcHrLc7VjtjNbYqqATmmtIjoCcT2q627dgjdNAPirlIUA3KM+MjLktFaAvGdZNNCJBDp2vAzTeWFtooh4e/8GLDB+SAgmnA/6NvYKEjs7sZclwWze1uARIFgE7bv9pAwBLqBWILgzj4vEPh9VfDnI+cEgvznKlw1VgNB35wH+z7MWgI1O2tb7gyD2muYqAGlhGOZ14xtpHOgnX7Pik5A+bzb1qwLPkcBlYS7pVOQgoa76qqq57xQ8+J5VM2LJuFHXpa8vz4SRHtPY6MQ6XoZ6qW7auoIIu8dW6wNArHPGMqaUWutJMzz12fGZx4eKMZADBeJ1EDUA2Qs05zXgp4U4mVFCAJ/ASrcSl6oBwAA',
  dict: 'eLuBQRWcbVXbdewwCPyfKlKCQDzdze2/iXvw2huD8+OcsGiAYUZax+fH698fIgMdP/9OxPMsywL3yFrYx1XqQnViyJ31+VaaXvDnx9RgzwC5wZ+BSEPcyJ9vAeeV84lIGmg9j3E1/e36DCUvEB/3tGffxAHax8VLfTwEJO0g2QJpmzcrdDd+RkIN5HfSh+2zYgxawhmUV8kvxyHg1Uq4LTAdv8spROUA8/HYo4uAdycoicHypEMNrL+j12mRANu7pB9DDz9kAY5GUhXNRtK2hb3GWLkEm97NbX6iCQv2/pa9/lgEtjzzdqFpR6NCs64yKTH6nXfBiTN2jP5q2TuPZhFVhqzZTXJAaEYjAsK9ehEhTVLMApF5tvgXfUVXQOwvLsT7/tQCEkMfpWe5vXG6f7tB19CgEkOntpwDylNwFtDpbEqGyrQ7Q7tJQha0K0xiQX1sQUWg0ya7anwldo4SsWDfUU6IVIbRWH+l8ZQEbPdQWdjkrSYbCvNkmA01FQPmT57VDRYv79Q+LVvPNZm3y8rS4NQkYwLn97Xne7ja5T2Vtyt2b4PbH1n+ps3jdTLn5MSI2+cfhS1BjB1YLAQfl4guNMTd/W2qbYhmcSqs1n5d7fEyROk8fEZ3RftFVXg58XJ1ZjUZ+TJ3rS7nDipz3LaxGSntPapXLPUpj3rGsnvB1kJ6f0ZjId8iqls/2xTuhv8X8jNj',
  rawDict: 'bVXbdewwCPyfKlKCQDzdze2/iXvw2huD8+OcsGiAYUZax+fH698fIgMdP/9OxPMsywL3yFrYx1XqQnViyJ31+VaaXvDnx9RgzwC5wZ+BSEPcyJ9vAeeV84lIGmg9j3E1/e36DCUvEB/3tGffxAHax8VLfTwEJO0g2QJpmzcrdDd+RkIN5HfSh+2zYgxawhmUV8kvxyHg1Uq4LTAdv8spROUA8/HYo4uAdycoicHypEMNrL+j12mRANu7pB9DDz9kAY5GUhXNRtK2hb3GWLkEm97NbX6iCQv2/pa9/lgEtjzzdqFpR6NCs64yKTH6nXfBiTN2jP5q2TuPZhFVhqzZTXJAaEYjAsK9ehEhTVLMApF5tvgXfUVXQOwvLsT7/tQCEkMfpWe5vXG6f7tB19CgEkOntpwDylNwFtDpbEqGyrQ7Q7tJQha0K0xiQX1sQUWg0ya7anwldo4SsWDfUU6IVIbRWH+l8ZQEbPdQWdjkrSYbCvNkmA01FQPmT57VDRYv79Q+LVvPNZm3y8rS4NQkYwLn97Xne7ja5T2Vtyt2b4PbH1n+ps3jdTLn5MSI2+cfhS1BjB1YLAQfl4guNMTd/W2qbYhmcSqs1n5d7fEyROk8fEZ3RftFVXg58XJ1ZjUZ+TJ3rS7nDipz3LaxGSntPapXLPUpj3rGsnvB1kJ6f0ZjId8iqls/2xTuhv8=',
  members: 'H4sIAAAAAAAAA0vLLCouUchNzU1KLdJRAADe/wpiDgAAAB+LCAAAAAAAAAMrTk3Oz0tRyE3NTUotAgAkdPqfDQAAAA==',
};
// A gzip member with every optional header field (FEXTRA, FNAME, FCOMMENT,
// FHCRC) and an mtime, as other gzip writers make them.
const headerFields = 'H4sIHtIClkkCAwcAQUIDAHh5emZpbGUudHh0AGEgY29tbWVudAAgbctITUxJLVJIy0zNSSm2UshLzE3VUUjOz81NzSvRUUitKClK1FHIgChKLkrmyqCxegD94yi3kAAAAA==';

console.log('--- node fixtures');
const decoders = {
  gzip: [zlib.gunzipSync, zlib.unzipSync],
  deflate1: [zlib.inflateSync, zlib.unzipSync],
  deflate9filtered: [zlib.inflateSync],
  deflateHuffman: [zlib.inflateSync],
  deflateRle: [zlib.inflateSync],
  deflateFixed: [zlib.inflateSync],
  raw5: [zlib.inflateRawSync],
  window9: [zlib.inflateSync, (b) => zlib.inflateSync(b, { windowBits: 9 })],
  gzipWindow9: [zlib.gunzipSync, (b) => zlib.gunzipSync(b, { windowBits: 9 })],
  dict: [(b) => zlib.inflateSync(b, { dictionary: dict })],
  rawDict: [(b) => zlib.inflateRawSync(b, { dictionary: dict })],
  members: [zlib.gunzipSync, zlib.unzipSync],
};
for (const [name, fns] of Object.entries(decoders)) {
  const input = Buffer.from(fixtures[name], 'base64');
  for (const fn of fns) {
    const out = fn(input);
    console.log(name, fn.name || 'options', out.length, name === 'members' ? out.toString() : out.equals(text));
  }
}
console.log('header fields', zlib.gunzipSync(Buffer.from(headerFields, 'base64')).toString().split('\n')[0]);
attempt('window too small', () => zlib.inflateSync(Buffer.from(fixtures.deflate1, 'base64'), { windowBits: 9 }));
attempt('missing dictionary', () => zlib.inflateSync(Buffer.from(fixtures.dict, 'base64')));
attempt('bad dictionary', () => zlib.inflateSync(Buffer.from(fixtures.dict, 'base64'), { dictionary: Buffer.from('wrong') }));
attempt('raw missing dictionary', () => zlib.inflateRawSync(Buffer.from(fixtures.rawDict, 'base64')).length);

console.log('--- byte-identical outputs');
// Short inputs only: on longer ones zlib-rs (whose deflate descends from
// zlib-ng's) chooses other matches and block sizes than Node's zlib, and at
// levels 1-6 other algorithms.
const short = 'hello hello hello';
for (const [fn, opts] of [
  [zlib.deflateSync, {}], [zlib.gzipSync, {}], [zlib.deflateRawSync, {}], [zlib.gzipSync, { level: 9 }],
  [zlib.gzipSync, { level: 0 }], [zlib.deflateSync, { strategy: 2 }], [zlib.deflateSync, { level: 3, strategy: 3 }],
  [zlib.deflateSync, { windowBits: 8 }], [zlib.deflateRawSync, { windowBits: 8 }], [zlib.deflateSync, { level: 7.5 }],
  [zlib.deflateSync, { level: NaN }], [zlib.deflateSync, { memLevel: 1, level: 8 }],
]) {
  console.log(fn.name, JSON.stringify(opts), fn(short, opts).toString('base64'));
}
console.log('empty', zlib.deflateSync('').toString('base64'), zlib.gzipSync(Buffer.alloc(0)).toString('base64'), zlib.deflateRawSync(new Uint8Array(0)).toString('base64'));

console.log('--- round trips');
let seed = 99;
const random = Buffer.alloc(70000);
for (let i = 0; i < random.length; i++) {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  random[i] = seed >> 16;
}
const inputs = {
  empty: Buffer.alloc(0),
  byte: Buffer.from([0]),
  text,
  random,
  zeros: Buffer.alloc(200000),
  repeated: Buffer.concat(Array(300).fill(text)),
};
const pairs = [
  ['deflate', zlib.deflateSync, zlib.inflateSync],
  ['gzip', zlib.gzipSync, zlib.gunzipSync],
  ['raw', zlib.deflateRawSync, zlib.inflateRawSync],
  ['deflate/unzip', zlib.deflateSync, zlib.unzipSync],
  ['gzip/unzip', zlib.gzipSync, zlib.unzipSync],
];
for (const [name, data] of Object.entries(inputs)) {
  const row = [];
  for (const [, enc, dec] of pairs) {
    for (const opts of [{}, { level: 0 }, { level: 1 }, { level: 9 }, { strategy: 1 }, { strategy: 2 }, { strategy: 3 }, { strategy: 4 },
      { windowBits: 9, memLevel: 1 }, { level: 4, memLevel: 9, windowBits: 12 }]) {
      row.push(dec(enc(data, opts)).equals(data) ? '=' : 'x');
    }
  }
  console.log('round trip', name, row.join(''));
}
{
  const d = zlib.inflateSync(zlib.deflateSync(text, { dictionary: dict }), { dictionary: dict });
  const r = zlib.inflateRawSync(zlib.deflateRawSync(text, { dictionary: new Uint8Array(dict).buffer }), { dictionary: new Uint8Array(dict) });
  console.log('dictionary round trip', d.equals(text), r.equals(text));
}
console.log('lone surrogates', zlib.deflateSync('a\udc00').toString('base64'), zlib.crc32('\ud800x'), zlib.inflateSync(zlib.deflateSync('\ud800')).toString('hex'));
console.log('string input', zlib.inflateSync(zlib.deflateSync('héllo €')).toString(), zlib.gunzipSync(zlib.gzipSync('x'.repeat(10))).toString());
console.log('views', zlib.inflateSync(zlib.deflateSync(new Uint16Array([0x6261]))).toString(),
  zlib.inflateSync(zlib.deflateSync(new DataView(new Uint8Array([120, 121]).buffer))).toString(),
  zlib.inflateSync(zlib.deflateSync(new Uint8Array([122]).buffer)).toString());

console.log('--- corrupt input');
const gz = () => zlib.gzipSync('hello');
const df = () => zlib.deflateSync('hello');
const corrupt = {
  'inflate text': () => zlib.inflateSync(Buffer.from('hello')),
  'gunzip text': () => zlib.gunzipSync(Buffer.from('hello')),
  'unzip text': () => zlib.unzipSync(Buffer.from('hello')),
  'inflateRaw bad block': () => zlib.inflateRawSync(Buffer.from([0xff, 0xff, 0xff])),
  'inflate bad block': () => zlib.inflateSync(Buffer.from([0x78, 0x9c, 0xff])),
  'inflate truncated': () => zlib.inflateSync(df().subarray(0, 5)),
  'gunzip truncated': () => zlib.gunzipSync(gz().subarray(0, 12)),
  'inflateRaw truncated': () => zlib.inflateRawSync(zlib.deflateRawSync('hello').subarray(0, 3)),
  'inflate empty': () => zlib.inflateSync(Buffer.alloc(0)),
  'gunzip empty': () => zlib.gunzipSync(Buffer.alloc(0)),
  'inflateRaw empty': () => zlib.inflateRawSync(Buffer.alloc(0)),
  'unzip empty': () => zlib.unzipSync(Buffer.alloc(0)),
  'gunzip crc': () => { const g = gz(); g[g.length - 5] ^= 1; return zlib.gunzipSync(g); },
  'gunzip length': () => { const g = gz(); g[g.length - 1] ^= 1; return zlib.gunzipSync(g); },
  'inflate adler': () => { const g = df(); g[g.length - 1] ^= 1; return zlib.inflateSync(g); },
  'gunzip method': () => zlib.gunzipSync(Buffer.from([0x1f, 0x8b, 0x07, 0, 0, 0, 0, 0, 0, 3])),
  'gunzip flags': () => zlib.gunzipSync(Buffer.from([0x1f, 0x8b, 0x08, 0xe0, 0, 0, 0, 0, 0, 3, 3, 0])),
  'inflate header only': () => zlib.inflateSync(Buffer.from([0x78, 0x01])),
  'inflate bad check': () => zlib.inflateSync(Buffer.from([0x88, 0x9c])),
  'inflate stored short': () => zlib.inflateSync(Buffer.from([0x78, 0x9c, 0x05, 0x80, 0x00, 0x00])),
  'inflate stored lengths': () => zlib.inflateRawSync(Buffer.from([0x01, 0x05, 0x00, 0x00, 0x00])),
  'distance too far': () => zlib.inflateRawSync(Buffer.from([0x4b, 0x04, 0x02, 0x0d, 0x00])),
  'gunzip + junk': () => zlib.gunzipSync(Buffer.concat([gz(), Buffer.from('xyz')])),
  'gunzip + zeros': () => zlib.gunzipSync(Buffer.concat([gz(), Buffer.alloc(10)])).toString(),
  'gunzip + 1f': () => zlib.gunzipSync(Buffer.concat([gz(), Buffer.from([0x1f])])),
  'gunzip + partial header': () => zlib.gunzipSync(Buffer.concat([gz(), Buffer.from([0x1f, 0x8b, 8])])),
  'unzip members + junk': () => zlib.unzipSync(Buffer.concat([gz(), gz(), Buffer.from('junk')])),
  'inflate two streams': () => zlib.inflateSync(Buffer.concat([df(), zlib.deflateSync('more')])).toString(),
  'inflate + junk': () => zlib.inflateSync(Buffer.concat([df(), Buffer.from('junk')])).toString(),
  'inflateRaw + junk': () => zlib.inflateRawSync(Buffer.concat([zlib.deflateRawSync('raw'), Buffer.from('junk')])).toString(),
  'sync flush truncated': () => zlib.gunzipSync(gz().subarray(0, 12), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString(),
  'sync flush whole': () => zlib.inflateSync(df(), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString(),
  'maxOutputLength': () => zlib.inflateSync(zlib.deflateSync('hello world'), { maxOutputLength: 5 }),
  'maxOutputLength exact': () => zlib.inflateSync(zlib.deflateSync('hello'), { maxOutputLength: 5 }).toString(),
  'maxOutputLength deflate': () => zlib.deflateSync(text, { maxOutputLength: 3 }),
};
for (const [label, fn] of Object.entries(corrupt)) attempt(label, fn);

console.log('--- options');
const badOptions = [
  { level: 10 }, { level: -2 }, { level: '1' }, { level: Infinity }, { level: null }, { windowBits: 7 }, { windowBits: 16 },
  { windowBits: 0 }, { memLevel: 0 }, { memLevel: 10 }, { strategy: 5 }, { strategy: -1 }, { chunkSize: 10 },
  { chunkSize: '10' }, { chunkSize: 64 }, { flush: 6 }, { finishFlush: -1 }, { finishFlush: 'x' }, { dictionary: 'abc' },
  { dictionary: 5 }, { maxOutputLength: 0 }, { maxOutputLength: 2 ** 32 + 1 }, { maxOutputLength: '5' }, { maxOutputLength: 2 ** 32 },
];
for (const opts of badOptions) attempt(`deflateSync ${require('util').inspect(opts)}`, () => zlib.deflateSync('x', opts).length);
for (const [name, fn] of [['gzip', zlib.gzipSync], ['inflateRaw', zlib.inflateRawSync], ['gunzip', zlib.gunzipSync], ['unzip', zlib.unzipSync]]) {
  const input = name === 'gzip' ? 'x' : name === 'inflateRaw' ? zlib.deflateRawSync('x') : zlib.gzipSync('x');
  for (const windowBits of [0, 8, 9]) attempt(`${name} windowBits ${windowBits}`, () => fn(input, { windowBits }).length);
}
attempt('options number', () => zlib.deflateSync('x', 5).length);
attempt('options null', () => zlib.deflateSync('x', null).length);
attempt('input number', () => zlib.deflateSync(5));
attempt('input null', () => zlib.deflateSync(null));
attempt('input object', () => zlib.gunzipSync({}));
attempt('options before input', () => zlib.deflateSync(5, { level: 99 }));
{
  const r = zlib.deflateSync('info', { info: true });
  console.log('info', Object.keys(r).join(), r.buffer.toString('base64'), r.engine instanceof zlib.Deflate, r.engine.bytesWritten);
}

console.log('--- crc32');
if (typeof zlib.crc32 === 'function') {
  console.log(zlib.crc32('hello'), zlib.crc32(''), zlib.crc32(Buffer.from('hello world')), zlib.crc32('world', zlib.crc32('hello ')),
    zlib.crc32(new Uint16Array([1, 2])), zlib.crc32(text), zlib.crc32('€'), zlib.crc32('x', 4294967295));
  attempt('crc32 number', () => zlib.crc32(5));
  attempt('crc32 value string', () => zlib.crc32('x', 'y'));
  attempt('crc32 value -1', () => zlib.crc32('x', -1));
  attempt('crc32 value 1.5', () => zlib.crc32('x', 1.5));
}

console.log('--- module');
console.log(Object.keys(zlib).join());
console.log(JSON.stringify(zlib.constants));
console.log(JSON.stringify(zlib.codes));
console.log(zlib.Z_OK, zlib.Z_BEST_COMPRESSION, zlib.Z_DEFAULT_STRATEGY, zlib.DEFLATE, Object.keys(zlib).includes('Z_OK'), zlib.BROTLI_DECODE);
console.log(Object.isFrozen(zlib.constants), Object.isFrozen(zlib.codes), require('node:zlib') === zlib);
console.log(typeof zlib.Gzip, zlib.Gzip.name, zlib.Inflate('x') instanceof zlib.Inflate, new zlib.Unzip() instanceof zlib.Unzip);

console.log('--- callbacks');
// Pool jobs finish in any order: print their results sorted, once all are in.
const results = [];
const expected = 7;
const order = [];
function done(line) {
  results.push(line);
  if (results.length === expected) {
    for (const r of results.sort()) console.log(r);
    console.log('callbacks after the tick:', order[0] === 'tick');
    streams();
  }
}
zlib.gzip(text, (err, out) => {
  order.push('gzip');
  done(`gzip cb ${err} ${zlib.gunzipSync(out).equals(text)}`);
});
zlib.deflate('abc', { level: 1 }, (err, out) => done(`deflate cb ${err} ${zlib.inflateSync(out).toString()}`));
zlib.deflateRaw(new Uint8Array([1, 2, 3]), {}, (err, out) => done(`deflateRaw cb ${err} ${zlib.inflateRawSync(out).toString('hex')}`));
zlib.gunzip(Buffer.from(fixtures.members, 'base64'), (err, out) => done(`gunzip cb ${err} ${out.toString()}`));
zlib.inflate(Buffer.from('junk'), (err, out) => done(`inflate cb ${err.name} ${err.code} ${err.errno} ${err.message} ${out}`));
zlib.unzip(Buffer.from(fixtures.gzip, 'base64'), { maxOutputLength: 10 }, (err) => done(`unzip cb ${err.name} ${err.code} ${err.message}`));
require('util').promisify(zlib.inflateRaw)(Buffer.from(fixtures.raw5, 'base64')).then((out) => done(`promisified ${out.equals(text)}`));
process.nextTick(() => order.push('tick'));
attempt('gzip no callback', () => zlib.gzip('x'));
attempt('gzip bad input', () => zlib.gzip(5, () => {}));
attempt('gzip bad options', () => zlib.gzip('x', { level: 99 }, () => {}));
attempt('brotli', () => zlib.brotliCompressSync === undefined);

function streams() {
  console.log('--- streams');
  const stream = require('stream');
  const collect = (s, label, done) => {
    const chunks = [];
    s.on('data', (c) => chunks.push(c));
    s.on('error', (e) => console.log(label, 'error', e.name, e.code, e.errno, e.message));
    s.on('end', () => done(Buffer.concat(chunks), chunks.map((c) => c.length)));
  };
  const steps = [
    (next) => {
      // A node-made gzip written in small pieces: the output comes in the
      // same pieces as in Node.
      const g = zlib.createGunzip({ chunkSize: 1024 });
      collect(g, 'gunzip', (out, sizes) => {
        console.log('gunzip stream', out.equals(text), sizes.join());
        next();
      });
      const input = Buffer.from(fixtures.gzip, 'base64');
      for (let i = 0; i < input.length; i += 97) g.write(input.subarray(i, i + 97));
      g.end();
    },
    (next) => {
      const d = zlib.createDeflate({ level: 9 });
      collect(d, 'deflate', (out) => {
        console.log('deflate stream', sha1(out) === sha1(zlib.deflateSync(Buffer.concat([text, text]), { level: 9 })));
        next();
      });
      d.write(text);
      d.end(text);
    },
    (next) => {
      const chunks = [];
      stream.pipeline(
        stream.Readable.from([text.subarray(0, 1000), text.subarray(1000)]),
        zlib.createGzip(),
        zlib.createGunzip(),
        new stream.Writable({ write(c, e, cb) { chunks.push(c); cb(); } }),
        (err) => {
          console.log('pipeline', err, Buffer.concat(chunks).equals(text));
          next();
        },
      );
    },
    (next) => {
      const i = zlib.createInflate();
      i.on('error', (e) => {
        console.log('stream error', e.name, e.code, e.errno, e.message, i.destroyed);
        next();
      });
      i.end(Buffer.from('not zlib data'));
    },
    (next) => {
      const d = zlib.createDeflateRaw();
      const parts = [];
      d.on('data', (c) => parts.push(c));
      d.write('first part ');
      d.flush(() => {
        console.log('flushed', zlib.inflateRawSync(Buffer.concat(parts), { finishFlush: zlib.constants.Z_SYNC_FLUSH }).toString());
        d.end('second part');
        d.on('end', () => {
          console.log('after flush', zlib.inflateRawSync(Buffer.concat(parts)).toString());
          next();
        });
      });
    },
    (next) => {
      const u = zlib.createUnzip();
      collect(u, 'unzip', (out) => {
        console.log('unzip stream', out.toString(), u.bytesWritten);
        next();
      });
      u.end(Buffer.from(fixtures.members, 'base64'));
    },
    (next) => {
      const g = zlib.createGzip();
      g.close(() => {
        console.log('closed', g.destroyed);
        next();
      });
    },
  ];
  const run = (i) => (i < steps.length ? steps[i](() => run(i + 1)) : console.log('streams done'));
  run(0);
}
