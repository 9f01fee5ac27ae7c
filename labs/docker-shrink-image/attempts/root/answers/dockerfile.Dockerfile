FROM node:22-slim
WORKDIR /app
# The dependencies first: this layer is reused until package*.json change.
COPY package*.json ./
RUN npm ci --omit=dev
# Then the code, which changes every day.
COPY src ./src
COPY public ./public
EXPOSE 3000
CMD ["node", "src/server.js"]
