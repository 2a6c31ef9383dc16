# Goldens for `prognos radiomics-select` (univariate + redundancy steps):
# oneway.test(var.equal = TRUE) / wilcox.test per feature, the greedy
# redundancy rule (visit features by decreasing association; drop one whose
# |r| with an already kept feature exceeds the threshold), p.adjust("BH")
# over the features left, kept = q < alpha (--fdr) or p < alpha.
suppressMessages(library(jsonlite))
set.seed(2024)
n <- 70
y <- rbinom(n, 1, 0.45)
f1 <- rnorm(n) + 0.9 * y
f2 <- f1 * 2 + rnorm(n, sd = 0.1)          # near copy of f1 (|r| > 0.9)
f3 <- rnorm(n) + 0.5 * y
f4 <- rnorm(n)
f5 <- rexp(n) + 0.6 * y
f6 <- rep(3.5, n)                           # constant
f7 <- f3 + rnorm(n, sd = 0.2)               # near copy of f3
f8 <- rnorm(n) - 0.4 * y
d <- data.frame(id = sprintf("S%02d", 1:n), y = y, f1, f2, f3, f4, f5, f6, f7, f8)
for (j in 3:10) d[[j]] <- round(d[[j]], 6)
make_case <- function(case, test, thr, alpha, fdr) {
  dir.create(case, showWarnings = FALSE)
  write.csv(d, file.path(case, "data.csv"), row.names = FALSE, quote = FALSE)
  feats <- paste0("f", 1:8)
  X <- as.matrix(d[, feats])
  const <- apply(X, 2, function(v) all(v == v[1]))
  stat <- function(v) if (test == "anova") {
    t <- oneway.test(v ~ factor(d$y), var.equal = TRUE); c(t$statistic, t$p.value)
  } else {
    t <- wilcox.test(v[d$y == 1], v[d$y == 0]); c(t$statistic, t$p.value)
  }
  alive <- feats[!const]
  s <- t(sapply(alive, function(f) stat(d[[f]])))
  n1 <- sum(d$y == 1); n0 <- sum(d$y == 0)
  assoc <- if (test == "anova") s[, 1] else abs(s[, 1] / (n1 * n0) - 0.5)
  ord <- alive[order(-assoc, match(alive, feats))]
  kept <- c(); dropped <- list()
  for (f in ord) {
    r <- if (length(kept)) sapply(kept, function(k) cor(d[[f]], d[[k]])) else numeric(0)
    hit <- which(abs(r) > thr)
    if (length(hit) > 0) {
      dropped[[length(dropped) + 1]] <- list(feature = f, partner = kept[hit[1]], r = unname(r[hit[1]]))
    } else kept <- c(kept, f)
  }
  left <- alive[alive %in% kept]
  s2 <- t(sapply(left, function(f) stat(d[[f]])))
  q <- p.adjust(s2[, 2], "BH")
  pass <- if (fdr) q < alpha else s2[, 2] < alpha
  g <- list(n = n, n_pos = n1, n_neg = n0, kept = left[pass],
            redundancy = list(threshold = thr, dropped = dropped),
            univariate = list(scores = lapply(seq_along(left), function(i)
              list(feature = left[i], statistic = unname(s2[i, 1]), p = unname(s2[i, 2]), q = unname(q[i])))),
            features = lapply(feats, function(f) list(feature = f, kept = f %in% left[pass],
              step = if (const[f]) "constant" else if (!(f %in% kept)) "redundancy" else if (!(f %in% left[pass])) "univariate" else NULL)))
  write_json(g, file.path(case, "golden.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null")
  writeLines(paste("radiomics-select --data data.csv --label y --features-except id --test", test,
                   "--redundancy", thr, "--alpha", alpha, if (fdr) "--fdr" else "", "--json"),
             file.path(case, "args"))
  writeLines(toJSON(list(default = list(abs = 1e-10, rel = 1e-8),
                         keys = list(`univariate.scores[].p` = list(abs = 1e-12, rel = 1e-7),
                                     `univariate.scores[].q` = list(abs = 1e-12, rel = 1e-7)),
                         match_by = list(scores = "feature", dropped = "feature", features = "feature")),
                    auto_unbox = TRUE, pretty = TRUE), file.path(case, "tol.json"))
}
make_case("select_anova_fdr", "anova", 0.9, 0.05, TRUE)
make_case("select_mannwhitney_p", "mann-whitney", 0.85, 0.1, FALSE)
writeLines(c(R.version.string, paste("jsonlite", packageVersion("jsonlite"))), "versions.txt")
