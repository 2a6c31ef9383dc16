# Regenerates every case under tests/golden/limma/ (R 4.2.2, limma 3.54.1,
# edgeR 3.40.2, statmod 1.5.0, jsonlite 1.8.4). Run from this folder:
#   Rscript make.R
suppressMessages({library(limma); library(edgeR); library(jsonlite)})

tol <- function(rel_t = 1e-5) list(
  default = list(abs = 1e-8, rel = 1e-6),
  keys = list(
    "df_prior" = list(abs = 1e-6, rel = 1e-5),
    "s2_prior" = list(abs = 1e-10, rel = 1e-6),
    "table[].logFC" = list(abs = 1e-9, rel = 1e-7),
    "table[].AveExpr" = list(abs = 1e-9, rel = 1e-8),
    "table[].t" = list(abs = 1e-6, rel = rel_t),
    "table[].P.Value" = list(abs = 1e-8, rel = 1e-4),
    "table[].adj.P.Val" = list(abs = 1e-8, rel = 1e-4),
    "table[].B" = list(abs = 1e-4, rel = 1e-5)),
  match_by = list(table = "gene"))

write_case <- function(case, expr, samples, args, eb, coef = 1, scalar_prior = TRUE, rel_t = 1e-5) {
  dir.create(case, showWarnings = FALSE)
  write.csv(data.frame(gene = rownames(expr), expr, check.names = FALSE), file.path(case, "expr.csv"),
            row.names = FALSE, quote = FALSE, na = "NA")
  write.csv(samples, file.path(case, "samples.csv"), row.names = FALSE, quote = FALSE)
  writeLines(args, file.path(case, "args"))
  tt <- topTable(eb, coef = coef, number = Inf, sort.by = "P", adjust.method = "BH")
  rows <- lapply(seq_len(nrow(tt)), function(i) list(gene = rownames(tt)[i], logFC = tt$logFC[i],
    AveExpr = tt$AveExpr[i], t = tt$t[i], P.Value = tt$P.Value[i], adj.P.Val = tt$adj.P.Val[i], B = tt$B[i]))
  out <- list(table = rows)
  if (scalar_prior) { out$df_prior <- eb$df.prior; out$s2_prior <- eb$s2.prior }
  write_json(out, file.path(case, "golden.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "null")
  write_json(tol(rel_t), file.path(case, "tol.json"), auto_unbox = TRUE, digits = NA, pretty = TRUE)
}


set.seed(20240611)
G <- 1500; n <- 10
grp <- rep(c("ctrl", "treat"), each = 5)
batch <- rep(c("b1", "b2"), 5)
age <- round(runif(n, 40, 80))
mu <- rnorm(G, 8, 2)
sd <- sqrt(0.05 + 0.4 * exp(-(mu - 4) / 2)) * sqrt(1 / rchisq(G, 6) * 6)
y <- matrix(rnorm(G * n, mu, sd), G, n)
de <- sample(G, 150)
y[de, grp == "treat"] <- y[de, grp == "treat"] + rnorm(150, 0, 1.5)
y[, batch == "b2"] <- y[, batch == "b2"] + 0.5
y <- round(y, 4)
rownames(y) <- sprintf("gene%04d", 1:G); colnames(y) <- sprintf("X%02d", 1:n)
samples <- data.frame(sample = colnames(y), group = grp, batch = batch, age = age)[c(3, 1, 2, 10:4), ]

fit_case <- function(yy, design, trend = FALSE, robust = FALSE, weights = NULL) {
  fit <- lmFit(yy, design, weights = weights)
  cm <- makeContrasts(grouptreat - groupctrl, levels = design)
  eBayes(contrasts.fit(fit, cm), trend = trend, robust = robust)
}

# batch (categorical) + age (numeric) covariates
s <- samples[match(colnames(y), samples$sample), ]
design <- model.matrix(~ 0 + group + batch + age, data = s)
write_case("batch_age", y, samples,
  "limma --expr expr.csv --samples samples.csv --group group --contrast treat-ctrl --covariates batch,age --json",
  fit_case(y, design))

# trend only
design0 <- model.matrix(~ 0 + group, data = s)
write_case("trend", y, samples,
  "limma --expr expr.csv --samples samples.csv --group group --contrast treat-ctrl --trend --json",
  fit_case(y, design0, trend = TRUE), scalar_prior = FALSE)

# robust only
write_case("robust", y, samples,
  "limma --expr expr.csv --samples samples.csv --group group --contrast treat-ctrl --robust --json",
  fit_case(y, design0, robust = TRUE), scalar_prior = FALSE, rel_t = 1e-4)

# missing values (NA): per-gene fits
ym <- y
ym[sample(length(ym), 300)] <- NA
ym[5, grp == "ctrl"] <- NA   # one gene with no control sample: NA contrast
write_case("missing", ym, samples,
  "limma --expr expr.csv --samples samples.csv --group group --contrast treat-ctrl --json",
  fit_case(ym, design0))

# voom with TMM
set.seed(7)
Gc <- 1200
base <- exp(rnorm(Gc, 4, 1.6))
disp <- 0.05 + 1 / sqrt(base) * 0.3
libf <- runif(n, 0.6, 1.6)
fc <- rep(1, Gc); fc[sample(Gc, 120)] <- exp(rnorm(120, 0, 1.2))
cnt <- sapply(1:n, function(j) rnbinom(Gc, mu = base * libf[j] * (if (grp[j] == "treat") fc else 1), size = 1 / disp))
cnt[1:3, ] <- 0  # all-zero genes
rownames(cnt) <- sprintf("tx%04d", 1:Gc); colnames(cnt) <- colnames(y)
nf <- calcNormFactors(cnt, method = "TMM")
v <- voom(cnt, design0, lib.size = colSums(cnt) * nf)
write_case("voom", cnt, samples,
  "limma --expr expr.csv --samples samples.csv --group group --contrast treat-ctrl --voom --json",
  fit_case(v, design0))
