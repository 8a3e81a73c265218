// A span of seconds in words, for `seleksi publish` and `seleksi status` (which loads none of publish's stack).

/** Seconds as "55 detik" / "3 menit 5 detik" / "2 jam 4 menit". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} detik`;
  if (s < 3600) return `${Math.floor(s / 60)} menit${s % 60 ? ` ${s % 60} detik` : ''}`;
  return `${Math.floor(s / 3600)} jam${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} menit` : ''}`;
}
