# R's default random stream (Mersenne-Twister, Inversion, Rejection) for
# prognos_core::rrng's tests: run from this folder with `Rscript make.R`.
# Each line: seed, what, then the values (runif with 17 significant digits;
# sample.int 1-based, as R prints it).
RNGkind("Mersenne-Twister", "Inversion", "Rejection")
out <- character()
for (seed in c(42L, 0L, 1L, -7L, 2147483647L, -2147483647L, 123456789L)) {
  set.seed(seed)
  out <- c(out, paste(seed, "runif", paste(sprintf("%.17g", runif(700)), collapse = " ")))
  for (n in c(1L, 2L, 5L, 100L, 185L, 1000L, 70000L)) {
    set.seed(seed)
    s <- sample.int(n)
    if (n > 1000L) s <- s[1:300]
    out <- c(out, paste(seed, paste0("sample.int(", n, ")"), paste(s, collapse = " ")))
  }
  # sequential draws from one stream: sample.int(3) then sample.int(50)
  set.seed(seed)
  a <- sample.int(3); b <- sample.int(50)
  out <- c(out, paste(seed, "sample.int(3),sample.int(50)", paste(c(a, b), collapse = " ")))
}
writeLines(out, "r_stream.txt")
cat("versions:", R.version.string, "\n")
