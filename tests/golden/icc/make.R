# ICC goldens for `prognos radiomics-select --readers` (psych::ICC, lmer = FALSE).
# Each case: reader tables (id, label, f1..f6), golden.json with the pairwise
# ICC of the chosen form and its 95% limits per feature, the smallest ICC
# and the kept features (threshold 0.75; redundancy and univariate steps off).
suppressMessages(library(psych))
suppressMessages(library(jsonlite))
make_case <- function(case, k, form, seed, rows = 40) {
  set.seed(seed)
  dir.create(case, showWarnings = FALSE)
  truth <- matrix(rnorm(rows * 6), rows, 6)
  noise_sd <- c(0.1, 0.3, 0.6, 1.0, 2.0, 0.05)   # f1..f6: good to poor agreement
  bias <- c(0, 0.5, 0, 0, 0, 1.0)                 # f2, f6: systematic reader offset
  ids <- sprintf("P%03d", 1:rows)
  label <- rbinom(rows, 1, 0.4)
  tabs <- lapply(1:k, function(r) {
    v <- sapply(1:6, function(j) 10 * j + truth[, j] + (r - 1) * bias[j] + rnorm(rows, sd = noise_sd[j]))
    v <- round(v, 6)
    d <- data.frame(id = ids, label = label, v)
    names(d)[3:8] <- paste0("f", 1:6)
    d
  })
  files <- sprintf("reader%d.csv", 1:k)
  for (r in 1:k) {
    d <- tabs[[r]]
    if (r > 1) d <- d[rev(seq_len(rows)), ]   # other readers list patients in another order
    write.csv(d, file.path(case, files[r]), row.names = FALSE, quote = FALSE)
  }
  row <- match(form, c("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"))
  feats <- lapply(1:6, function(j) {
    pairs <- list()
    for (a in 1:(k - 1)) for (b in (a + 1):k) {
      r <- ICC(cbind(tabs[[a]][, 2 + j], tabs[[b]][, 2 + j]), lmer = FALSE)$results
      pairs[[length(pairs) + 1]] <- list(first = files[a], second = files[b],
        icc = r$ICC[row], lower = r[row, 7], upper = r[row, 8])
    }
    list(feature = paste0("f", j), min_icc = min(sapply(pairs, `[[`, "icc")), pairs = pairs)
  })
  kept <- paste0("f", 1:6)[sapply(feats, `[[`, "min_icc") >= 0.75]
  g <- list(n = rows, kept = kept, icc = list(form = form, threshold = 0.75, n_patients = rows, features = feats))
  write_json(g, file.path(case, "golden.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
  writeLines(paste("radiomics-select --data reader1.csv --readers",
                   paste(files[-1], collapse = ","), "--id id --label label --features-except id,label",
                   "--icc-form", form, "--icc-threshold 0.75 --redundancy 1 --alpha 1 --json"),
             file.path(case, "args"))
  writeLines(toJSON(list(default = list(abs = 1e-10, rel = 1e-8),
                         keys = setNames(list(), character(0)),
                         match_by = list(features = "feature")),
                    auto_unbox = TRUE, pretty = TRUE), file.path(case, "tol.json"))
}
make_case("two_readers_icc2", 2, "ICC2", 11)
make_case("three_readers_icc3", 3, "ICC3", 12)
make_case("three_readers_icc1k", 3, "ICC1k", 13)
writeLines(c(R.version.string, paste("psych", packageVersion("psych"))), "versions.txt")
