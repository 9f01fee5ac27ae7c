git branch login
git branch search
git branch price-fix
git branch reviews
git switch login
work login
git switch search
work search
git switch price-fix
work price-fix
git switch reviews
work reviews
git switch main
git merge login
git merge search
git merge price-fix
git merge reviews
