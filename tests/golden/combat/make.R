# Regenerates the ComBat goldens (sva::ComBat) used by models/tests/combat_golden.rs.
# Layout: data.csv (sample, batch, age, sex, f1..f8; rows = samples) shared by
# all cases; <case>.csv = ComBat output, rows = samples, columns f1..f8,
# printed with %.17g.
suppressMessages(library(sva))
set.seed(20261123)
n <- c(10, 12, 8)
batch <- rep(c("A", "B", "C"), n)
N <- sum(n)
age <- round(rnorm(N, 60, 8), 1)
sex <- rbinom(N, 1, 0.5)
p <- 8
loc <- c(A = 0, B = 1.5, C = -1)
scl <- c(A = 1, B = 2, C = 0.6)
X <- sapply(1:p, function(g) {
  10 * g + 0.05 * g * age + 0.8 * sex + loc[batch] * (1 + g / 4) +
    scl[batch] * rnorm(N, 0, 1 + g / 8)
})
colnames(X) <- paste0("f", 1:p)
dat <- data.frame(sample = sprintf("s%02d", 1:N), batch = batch, age = age, sex = sex, X)
write.csv(dat, "data.csv", row.names = FALSE, quote = FALSE)
# Use exactly the values written to data.csv.
dat <- read.csv("data.csv")
X <- as.matrix(dat[, paste0("f", 1:p)])
mod <- model.matrix(~ age + sex, data = dat)
out <- function(res, file) {
  res <- t(res)
  lines <- apply(res, 1, function(r) paste(sprintf("%.17g", r), collapse = ","))
  writeLines(c(paste(colnames(X), collapse = ","), lines), file)
}
tX <- t(X)
out(ComBat(tX, batch, mod = NULL, par.prior = TRUE), "parametric.csv")
out(ComBat(tX, batch, mod = mod, par.prior = TRUE), "parametric_cov.csv")
out(ComBat(tX, batch, mod = mod, par.prior = FALSE), "nonparametric_cov.csv")
out(ComBat(tX, batch, mod = NULL, par.prior = TRUE, mean.only = TRUE), "meanonly.csv")
out(ComBat(tX, batch, mod = mod, par.prior = TRUE, ref.batch = "B"), "parametric_cov_refB.csv")
out(ComBat(tX, batch, mod = NULL, par.prior = FALSE, ref.batch = "A"), "nonparametric_refA.csv")
writeLines(c(R.version.string, paste("sva", packageVersion("sva"))), "versions.txt")
