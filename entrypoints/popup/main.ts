import { mount } from 'svelte';
import '../../assets/popup.css';
import PopupApp from '../../components/popup/PopupApp.svelte';

mount(PopupApp, { target: document.getElementById('app')! });
