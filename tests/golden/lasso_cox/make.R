# Regenerates the lasso-cox goldens with glmnet. Run from this folder: Rscript make.R
# R 4.2, glmnet 4.1-6, survival 3.5-3, jsonlite.
# Conventions: cv.glmnet(family = "cox") with the default deviance measure,
# grouped = TRUE, a fixed foldid column in the CSV (R's own random folds cannot
# be reproduced); indices 0-based; coefficients on the original scale, only
# non-zero ones, matched by feature. Times are written at full precision and
# the values R uses are those read back from the CSV.
suppressMessages({library(glmnet); library(survival); library(jsonlite)})

write_case <- function(name, d, feats, args, ...) {
  dir.create(name, showWarnings = FALSE)
  d[] <- lapply(d, function(v) if (is.double(v)) sprintf("%.17g", v) else v)
  write.csv(d, file.path(name, "data.csv"), row.names = FALSE, quote = FALSE)
  d <- read.csv(file.path(name, "data.csv"))
  x <- as.matrix(d[, feats])
  y <- Surv(d$time, d$status)
  cv <- cv.glmnet(x, y, family = "cox", foldid = d$fold, ...)
  f <- cv$glmnet.fit
  imin <- which(f$lambda == cv$lambda.min); i1se <- which(f$lambda == cv$lambda.1se)
  nz <- function(k) {
    b <- f$beta[, k]; b <- b[b != 0]
    lapply(seq_along(b), function(i) list(feature = names(b)[i], coef = unname(b[i])))
  }
  const <- feats[apply(x, 2, function(v) all(v == v[1]))]
  g <- list(n = nrow(d), events = sum(d$status), n_dropped = 0, dropped = I(const),
            lambda = f$lambda, df = f$df, dev_ratio = f$dev.ratio,
            null_deviance = f$nulldev,
            cv = list(mean = cv$cvm, se = cv$cvsd, lambda_min = cv$lambda.min,
                      lambda_1se = cv$lambda.1se, index_min = imin - 1, index_1se = i1se - 1),
            coefficients_min = nz(imin), coefficients_1se = nz(i1se))
  write_json(g, file.path(name, "golden.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
  writeLines(paste("lasso-cox", args, "--json"), file.path(name, "args"))
  tol <- list(
    rule = paste("A numeric leaf passes when |cli - golden| <= abs + rel * |golden|;",
                 "see shared/reference/README.md. glmnet's default thresh = 1e-7 leaves",
                 "coefficients unconverged at the 1e-2 level; prognos runs the same iterations,",
                 "so agreement is far tighter than convergence."),
    default = list(abs = 1e-10, rel = 1e-6),
    keys = list("coefficients_min[].coef" = list(abs = 1e-9, rel = 1e-5),
                "coefficients_1se[].coef" = list(abs = 1e-9, rel = 1e-5),
                "cv.mean" = list(abs = 1e-9, rel = 1e-6), "cv.se" = list(abs = 1e-9, rel = 1e-5)),
    match_by = list(coefficients_min = "feature", coefficients_1se = "feature"))
  write_json(tol, file.path(name, "tol.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
}

# 1. simulated wide data: n = 100, p = 200, five true effects, one feature
#    with mean 2 and SD 3 (tests the standardisation), one constant feature
set.seed(20240611)
n <- 100; p <- 200
x <- matrix(rnorm(n * p), n, p); colnames(x) <- sprintf("g%03d", 1:p)
x[, 7] <- 3 * x[, 7] + 2
lp <- 0.8 * x[, 1] - 0.6 * x[, 2] + 0.5 * x[, 3] + 0.4 * x[, 4] - 0.3 * x[, 5]
tt <- rexp(n, 0.1 * exp(lp)); cc <- rexp(n, 0.05)
sim <- data.frame(id = sprintf("p%03d", 1:n), time = pmin(tt, cc), status = as.integer(tt <= cc),
                  fold = sample(rep(1:10, length = n)), x)
sim$g200 <- 1
feats <- sprintf("g%03d", 1:p)
write_case("sim_wide_lasso", sim, feats,
           "--data data.csv --time time --event status --features-except id,fold --foldid fold --lambda-min-ratio 0.1",
           lambda.min.ratio = 0.1)
write_case("sim_wide_enet_nostd", sim, feats,
           "--data data.csv --time time --event status --features-except id,fold --foldid fold --lambda-min-ratio 0.1 --alpha 0.5 --no-standardize --nlambda 50",
           lambda.min.ratio = 0.1, alpha = 0.5, standardize = FALSE, nlambda = 50)

# 2. survival::lung, complete cases, seven covariates; time in years (so that
#    glmnet's 100*eps shift of censored times is representable and ties
#    between deaths and censorings resolve as in Breslow's risk sets);
#    default lambda.min.ratio (1e-4, n > p): the path stops early by glmnet's
#    deviance-change rule
l <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss")])
set.seed(7)
lung2 <- data.frame(time = l$time / 365.25, status = as.integer(l$status == 2),
                    l[, -(1:2)], fold = sample(rep(1:10, length = nrow(l))))
write_case("lung_lasso", lung2, c("age", "sex", "ph.ecog", "ph.karno", "pat.karno", "meal.cal", "wt.loss"),
           "--data data.csv --time time --event status --features age,sex,ph.ecog,ph.karno,pat.karno,meal.cal,wt.loss --foldid fold")
