// A Vue 3 storefront page: the subkit tags straight in a template (see App.vue).
import { createApp } from 'vue';
import '@subkit/elements/define.js';
import App from './App.vue';
import '../../shared/example.css';

createApp(App).mount('#app');
