from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/health")
def health():
    return jsonify(ok=True)


@app.get("/rates")
def rates():
    # Exchange rates the checkout shows beside prices in dong.
    return jsonify(usd=25400, eur=26800)
