git switch -c login
work login
git switch main
git merge login
git switch -c search
work search
git switch main
git merge search
git switch -c price-fix
work price-fix
git switch main
git merge price-fix
git switch -c reviews
work reviews
git switch main
git merge reviews
