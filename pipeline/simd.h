// Sixteen bytes at a time with SSE2 (every x86-64 CPU has it), for the scans that run
// over every byte of every page: measuring a line, folding it, finding separators and
// JSON escapes. Each caller keeps its byte-at-a-time path, which other CPUs take and
// which the tests hold the fast path to.
#ifndef BOILERSTRIP_PIPELINE_SIMD_H_
#define BOILERSTRIP_PIPELINE_SIMD_H_

#if defined(__SSE2__)
#include <emmintrin.h>

#define BOILERSTRIP_SIMD 1

namespace boilerstrip::simd {

// GCC and Clang give vector types the bitwise operators: a | b, a & b.
using Bytes = __m128i;

inline Bytes Load(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
// Bit i is the top bit of byte i: set for a byte that is not ASCII, or that a comparison
// below held for.
inline unsigned Mask(Bytes v) { return static_cast<unsigned>(_mm_movemask_epi8(v)); }
inline Bytes Equal(Bytes v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }
// The bytes from |first| to |last| (unsigned, inclusive).
inline Bytes InRange(Bytes v, unsigned char first, unsigned char last) {
  Bytes x = _mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(first)));
  return _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(static_cast<char>(last - first))), x);
}

// How the non-ASCII bytes of a block of sixteen split into two-byte characters
// (U+0080..U+07FF: a lead 0xC2..0xDF, then a continuation 0x80..0xBF).
struct TwoByteChars {
  unsigned leads;  // the leads inside the bytes taken
  unsigned cont;   // the continuation bytes
  unsigned keep;   // the bytes taken: all 16, or the first 15 when the last is a lead
};

// Whether the non-ASCII bytes |high| (Mask(v)) of |v| are all whole two-byte
// characters, each lead with its continuation right after it inside the bytes taken:
// the blocks of Latin, Greek and Cyrillic text that Fold and MeasureLine take at once.
inline bool SplitTwoByteChars(Bytes v, unsigned high, TwoByteChars* out) {
  out->cont = Mask(InRange(v, 0x80, 0xBF));
  const unsigned leads = Mask(InRange(v, 0xC2, 0xDF));
  out->keep = leads & 0x8000 ? 0x7FFF : 0xFFFF;
  out->leads = leads & out->keep;
  return (out->leads | out->cont) == (high & out->keep) && out->cont == (out->leads << 1);
}

}  // namespace boilerstrip::simd

#endif  // __SSE2__

#endif  // BOILERSTRIP_PIPELINE_SIMD_H_
