import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppRouter } from './router.js';
import './styles.css';

const pinia = createPinia();
const app = createApp(App).use(pinia);
app.use(createAppRouter(pinia));
app.mount('#app');
