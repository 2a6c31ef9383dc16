# R side of the lasso-cox benchmark: the glmnet path alone, then cv.glmnet with
# the same folds (the fold column), each timed separately (elapsed and user).
# Usage: Rscript bench.R wide_5000.csv [cv]   (cv.glmnet only when "cv" is given:
# it takes ~280 s at 500 x 5,000 and ~750 s at 500 x 20,000 on a 2-core machine)
suppressMessages({library(glmnet); library(survival); library(data.table)})
a <- commandArgs(TRUE); f <- a[1]; do_cv <- length(a) > 1 && a[2] == "cv"
d <- as.data.frame(fread(f))
x <- as.matrix(d[, grep("^g", names(d))]); y <- Surv(d$time, d$status)
t1 <- system.time(fit <- glmnet(x, y, family = "cox"))
cat(sprintf("R %s path_s=%.3f path_user_s=%.3f nlambda=%d npasses=%d (glmnet %s)\n", basename(f),
            t1[["elapsed"]], t1[["user.self"]], length(fit$lambda), fit$npasses, packageVersion("glmnet")))
if (do_cv) {
  t2 <- system.time(cv <- cv.glmnet(x, y, family = "cox", foldid = d$fold))
  cat(sprintf("R %s cv_s=%.3f cv_user_s=%.3f lambda_min=%.17g lambda_1se=%.17g cvm_min=%.17g\n", basename(f),
              t2[["elapsed"]], t2[["user.self"]], cv$lambda.min, cv$lambda.1se, min(cv$cvm)))
}
