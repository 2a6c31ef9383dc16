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

# CLI case: `radiomics-select --batch batch --combat-covariates age`, then the
# ANOVA F of each harmonised feature by sex (redundancy and selection off).
dir.create("select_after_combat", showWarnings = FALSE)
file.copy("data.csv", "select_after_combat/data.csv", overwrite = TRUE)
adj <- t(ComBat(tX, batch, mod = model.matrix(~ age, data = dat), par.prior = TRUE))
sc <- lapply(1:p, function(j) {
  t <- oneway.test(adj[, j] ~ factor(dat$sex), var.equal = TRUE)
  list(feature = paste0("f", j), statistic = unname(t$statistic), p = t$p.value)
})
q <- p.adjust(sapply(sc, `[[`, "p"), "BH")
for (j in 1:p) sc[[j]]$q <- q[j]
suppressMessages(library(jsonlite))
write_json(list(n = nrow(dat), univariate = list(scores = sc)),
           "select_after_combat/golden.json", auto_unbox = TRUE, digits = NA, pretty = TRUE)
writeLines("radiomics-select --data data.csv --label sex --features f1,f2,f3,f4,f5,f6,f7,f8 --batch batch --combat-covariates age --redundancy 1 --alpha 1 --json",
           "select_after_combat/args")
writeLines(toJSON(list(default = list(abs = 1e-10, rel = 1e-8),
                       keys = list(`univariate.scores[].p` = list(abs = 1e-12, rel = 1e-7),
                                   `univariate.scores[].q` = list(abs = 1e-12, rel = 1e-7)),
                       match_by = list(scores = "feature")),
                  auto_unbox = TRUE, pretty = TRUE), "select_after_combat/tol.json")
