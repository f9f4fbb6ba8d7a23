# Reference scores for Rapport's scorer from psych::scoreItems (impute = "none").
# Run from this folder:  Rscript make-scoreitems-reference.R
# Writes:
#   bfi.csv                   the 25 bfi items (psychTools) plus a row id, NA as empty cells
#   bfi-scoreitems.csv        psych mean scores for the five bfi.keys scales (NA as empty)
#   synthetic.csv             400 rows x 8 items on a declared 0-4 scale, ~15% missing
#   synthetic-scoreitems.csv  psych mean scores for two scales with reversed items
#
# Reverse keying: psych reverses x as (max + min) - x with min/max taken from the *observed*
# item matrix unless given. For bfi the observed range is 1..6, which is the declared range
# of the bfi items, so psych and Rapport (declared range) agree. For the synthetic file we
# pass min = 0, max = 4 (the declared range) so psych uses it even if a value never occurs.
suppressPackageStartupMessages({ library(psych); library(psychTools) })
# 17 significant digits round-trip a double exactly; missing (NA or NaN) as an empty cell.
fmt <- function(df) {
  for (j in seq_along(df)) {
    x <- df[[j]]
    df[[j]] <- ifelse(is.na(x), "", sprintf("%.17g", x))
  }
  df
}
cat("psych", as.character(packageVersion("psych")), "\n")

data(bfi, package = "psychTools")
items <- bfi[, 1:25]
stopifnot(min(items, na.rm = TRUE) == 1, max(items, na.rm = TRUE) == 6)
keys <- bfi.keys
sc <- scoreItems(keys, items, impute = "none")
out <- data.frame(row = seq_len(nrow(items)), items)
write.csv(out, "bfi.csv", row.names = FALSE, na = "")
ref <- data.frame(row = seq_len(nrow(items)), sc$scores)
write.csv(fmt(ref), "bfi-scoreitems.csv", row.names = FALSE, na = "", quote = FALSE)

set.seed(20261126)
n <- 400
latent <- rnorm(n)
syn <- sapply(1:8, function(j) {
  x <- round(2 + latent * ifelse(j %in% c(3, 6), -0.9, 0.9) + rnorm(n, sd = 0.9))
  pmin(pmax(x, 0), 4)
})
colnames(syn) <- paste0("s", 1:8)
syn[matrix(runif(n * 8) < 0.15, n, 8)] <- NA
syn[sample(n, 5), 1:4] <- NA   # some rows with a whole scale missing
skeys <- list(first = c("s1", "s2", "-s3", "s4"), second = c("s5", "-s6", "s7", "s8"))
ssc <- scoreItems(skeys, syn, impute = "none", min = 0, max = 4)
write.csv(data.frame(row = seq_len(n), syn), "synthetic.csv", row.names = FALSE, na = "")
sref <- data.frame(row = seq_len(n), ssc$scores)
write.csv(fmt(sref), "synthetic-scoreitems.csv", row.names = FALSE, na = "", quote = FALSE)
